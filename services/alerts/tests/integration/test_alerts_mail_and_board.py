"""Integration tests of the mail outbox against a real SMTP server (the aiosmtpd sink of
``scripts/smtp_sink.py``) and of the time-limit control board and its notices (PET-4, PET-14.3, WARN-2).

Calendar used for the board: Friday 2026-02-27 is a day off (228 Peace Memorial Day observed), so after
Thursday 2026-02-26 the next working day is Monday 2026-03-02.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from alerts import board, handlers, mail, staff
from alerts.adapters.orm import deadline_notices, mail_outbox
from alerts.domain.early_warning import TAIPEI
from civicase.common.v1 import deadlines_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

CAL = OfficeCalendar()
THURSDAY = datetime(2026, 2, 26, 10, 0, tzinfo=TAIPEI)


def settings(sink) -> mail.SmtpSettings:
    return mail.SmtpSettings(host=sink.host, port=sink.port, sender="alerts@civicase.test", timeout=5)


def queue(uow, key: str, to: list[str] | None = None) -> int | None:
    with uow() as tx:
        mail_id = mail.enqueue(tx, dedupe_key=key, kind="test", recipients=to or ["a@x.tw"], subject=f"主旨 {key}",
                               body="內容\n")
        tx.commit()
    return mail_id


def message_ids(sink) -> list[str]:
    return [m["Message-ID"] for m in sink.messages()]


class TestMailOutbox:
    @pytest.fixture(autouse=True)
    def empty_sink(self, smtp_sink):
        smtp_sink.clear()

    def test_each_queued_mail_is_delivered_once_with_its_row_id_as_message_id(self, uow, smtp_sink):
        first, second = queue(uow, "k1", ["b@x.tw", "a@x.tw"]), queue(uow, "k2")
        assert queue(uow, "k1") is None  # the same notice decided twice is queued once
        assert mail.send_pending(uow, settings(smtp_sink)) == 2
        assert mail.send_pending(uow, settings(smtp_sink)) == 0
        got = smtp_sink.messages()
        assert message_ids(smtp_sink) == [f"<alerts-mail-{first}@civicase.test>",
                                          f"<alerts-mail-{second}@civicase.test>"]
        assert got[0]["To"] == "a@x.tw, b@x.tw" and got[0]["Subject"] == "主旨 k1"
        assert got[0].get_content().replace("\r\n", "\n") == "內容\n"  # SMTP line ends are CRLF

    def test_a_crash_after_the_server_accepted_resends_with_the_same_message_id(self, uow, smtp_sink):
        mail_id = queue(uow, "crash")
        mail.send_pending(uow, settings(smtp_sink))
        with uow() as tx:  # the relay died before its commit: the row is still unsent
            tx.session.execute(update(mail_outbox).values(sent_at=None, attempts=0))
            tx.commit()
        mail.send_pending(uow, settings(smtp_sink))
        ids = message_ids(smtp_sink)
        assert ids == [f"<alerts-mail-{mail_id}@civicase.test>"] * 2 and len(set(ids)) == 1

    def test_with_the_smtp_server_down_the_mail_waits_and_goes_once_it_is_back(self, uow, smtp_sink):
        queue(uow, "later")
        down = mail.SmtpSettings(host="127.0.0.1", port=1, sender="alerts@civicase.test", timeout=2)
        assert mail.send_pending(uow, down) == 0
        with uow() as tx:
            row = tx.session.execute(select(mail_outbox)).one()
        assert row.sent_at is None and row.attempts == 1 and "refused" in row.last_error.lower()
        soon = datetime.now(UTC) + mail.RETRY_BACKOFF
        assert mail.send_pending(uow, settings(smtp_sink), now=soon) == 1
        assert len(smtp_sink.messages()) == 1


def deadline(uow, rule: str, subject: str, due: datetime, agency: str = "PPLO", source: str = "reply"):
    with uow() as tx:
        handlers.record_deadline_set(tx, new_event(source, "deadline_set", subject, deadlines_pb2.DeadlineSet(
            rule=rule, subject=subject, agency_code=agency, due=to_timestamp(due),
            opened_at=to_timestamp(due - timedelta(days=8)),
        )), source=source)
        tx.commit()


def at(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TAIPEI)


class TestDeadlineBoardPET143:
    def test_buckets_are_exact_to_the_taipei_working_day(self, uow):
        deadline(uow, "PET-7.4", "OVERDUE-1", at(26, 9, 59))
        deadline(uow, "PET-7.4", "TODAY-1", at(26, 17, 30))
        deadline(uow, "APP-11", "TODAY-2", at(26, 23, 59), source="eapply")
        deadline(uow, "PET-7.4", "NEXT-WD", at(2, 17, 30, month=3))      # Mon 03-02 = 1st working day after
        deadline(uow, "PET-7.4", "TOO-FAR", at(3, 8, 30, month=3))       # Tue 03-03 = 2nd
        deadline(uow, "PET-7.4", "OTHER", at(26, 17, 30), agency="TEO")
        with uow() as tx:
            result = board.deadline_board(tx, agency_code="pplo", within_working_days=1, now=THURSDAY, calendar=CAL)
            wider = board.deadline_board(tx, agency_code="", within_working_days=2, now=THURSDAY, calendar=CAL)
        assert [d.subject for d in result.overdue] == ["OVERDUE-1"]
        assert [d.subject for d in result.due_today] == ["TODAY-1", "TODAY-2"]
        assert [d.subject for d in result.upcoming] == ["NEXT-WD"]
        assert result.horizon_date.isoformat() == "2026-03-02"
        assert [d.subject for d in wider.upcoming] == ["NEXT-WD", "TOO-FAR"]
        assert [d.subject for d in wider.due_today] == ["OTHER", "TODAY-1", "TODAY-2"]

    def test_any_rule_id_string_is_shown_and_a_met_deadline_is_not(self, uow):
        deadline(uow, "PET-7.3-masking-next-working-day", "MASK-1", at(26, 17, 30))
        deadline(uow, "PET-7.4", "MET-1", at(26, 17, 30))
        with uow() as tx:
            handlers.record_deadline_met(tx, new_event("reply", "deadline_met", "MET-1", deadlines_pb2.DeadlineMet(
                rule="PET-7.4", subject="MET-1", met_at=to_timestamp(THURSDAY))), source="reply")
            tx.commit()
        with uow() as tx:
            result = board.deadline_board(tx, agency_code="PPLO", within_working_days=3, now=THURSDAY, calendar=CAL)
        assert [(d.rule, d.subject) for d in result.due_today] == [("PET-7.3-masking-next-working-day", "MASK-1")]


class TestDeadlineNoticesPET143:
    @pytest.fixture(autouse=True)
    def staff_of_pplo(self, uow):
        with uow() as tx:
            staff.add_staff(tx, staff.StaffChangeRequest("PPLO", "lin", "", "lin@pplo.gov.tw", "rdec_staff", "admin"))
            staff.add_staff(tx, staff.StaffChangeRequest("PPLO", "chen", "", "chen@pplo.gov.tw", "rdec_officer",
                                                         "admin"))
            tx.commit()

    def notices(self, uow, now: datetime):
        with uow() as tx:
            result = board.send_deadline_notices(tx, now=now, calendar=CAL)
            tx.commit()
        return result

    def test_the_reminder_goes_the_working_day_before_the_due_date_once(self, uow):
        deadline(uow, "PET-7.4", "MON-DUE", at(2, 17, 30, month=3))  # previous working day: Thu 02-26
        assert self.notices(uow, at(25, 17, 0)).reminders == 0        # Wednesday: too early
        assert self.notices(uow, at(26, 8, 0)).reminders == 1         # Thursday
        assert self.notices(uow, at(26, 16, 0)).reminders == 0        # already sent
        with uow() as tx:
            (row,) = tx.session.execute(select(mail_outbox)).all()
        assert row.kind == "deadline_reminder" and row.recipients == ["chen@pplo.gov.tw", "lin@pplo.gov.tw"]

    def test_an_overdue_deadline_is_escalated_to_the_rdec_officer_once(self, uow):
        deadline(uow, "PET-7.4", "LATE", at(26, 9, 0))
        first = self.notices(uow, at(26, 9, 0) + timedelta(seconds=1))
        second = self.notices(uow, at(26, 12, 0))
        assert (first.escalations, second.escalations) == (1, 0)
        with uow() as tx:
            rows = tx.session.execute(select(mail_outbox).where(mail_outbox.c.kind == "deadline_overdue")).all()
            kinds = tx.session.execute(select(deadline_notices.c.kind)).scalars().all()
        assert [r.recipients for r in rows] == [["chen@pplo.gov.tw"]]
        assert kinds == ["overdue"]  # no reminder once the deadline has passed

    def test_a_deadline_reopened_with_a_new_due_gets_its_own_reminder(self, uow):
        deadline(uow, "PET-7.4", "MOVED", at(2, 17, 30, month=3))
        self.notices(uow, at(26, 8, 0))
        deadline(uow, "PET-7.4", "MOVED", at(3, 17, 30, month=3))  # re-opened later, due a day later
        assert self.notices(uow, at(2, 9, 0, month=3)).reminders == 1
