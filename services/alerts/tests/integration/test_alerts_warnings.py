"""Integration tests of early warning on the real database: the weekly evaluation in SQL (WARN-1), the
warning's event, form and mail (WARN-2, WARN-3.1, WARN-3.2), the form's review (WARN-3.1), the city-level
report (WARN-3.3) and authorised staff changes (WARN-2).

Calendar: the evaluated week W is Monday 2026-03-02 .. Sunday 2026-03-08 Asia/Taipei; it ends at
2026-03-09 00:00 Taipei = 2026-03-08T16:00Z. Evaluations run at NOW, Monday 2026-03-09 09:00 Taipei.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from alerts import handlers, staff, warnings
from alerts.adapters.orm import analysis_forms, deadlines, mail_outbox, outbox
from alerts.adapters.orm import warnings as warnings_table
from alerts.domain.early_warning import TAIPEI
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.errors import Conflict, InvalidInput, PermissionDenied
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

W = date(2026, 3, 2)
NOW = datetime(2026, 3, 9, 9, 0, tzinfo=TAIPEI)
CAL = OfficeCalendar()
_serial = iter(range(1, 10**9))


def weeks_before(n: int, week: date = W) -> date:
    return week - timedelta(weeks=n)


def add_cases(uow, code: str, week: date, how_many: int, agency: str = "PPLO", *, at: datetime | None = None):
    """``how_many`` cases of ``code`` received on the Wednesday noon (Taipei) of ``week`` (or at ``at``)."""
    received = at or datetime(week.year, week.month, week.day, 12, tzinfo=TAIPEI) + timedelta(days=2)
    with uow() as tx:
        for _ in range(how_many):
            number = f"000-T-{next(_serial):07d}"
            handlers.record_case_assigned(tx, new_event("routing", "case_assigned", number,
                                                        routing_events_pb2.CaseAssigned(
                case_number=number, agency_code=agency, subcategory_code=code,
                received_at=to_timestamp(received), assigned_at=to_timestamp(received),
            )))
        tx.commit()


def add_weekly(uow, code: str, counts_oldest_first: list[int], week: date = W, agency: str = "PPLO"):
    """Counts for the weeks ending the week before ``week``, oldest first, then nothing."""
    n = len(counts_oldest_first)
    for offset, count in enumerate(counts_oldest_first):
        add_cases(uow, code, weeks_before(n - offset, week), count, agency)


def evaluate(uow, week: date = W, now: datetime = NOW, **kwargs):
    with uow() as tx:
        result = warnings.evaluate_week(tx, week, now=now, calendar=CAL, evaluated_by="test", **kwargs)
        tx.commit()
    return result


def add_staff(uow, agency: str, subject: str, role: str, email: str | None = None):
    with uow() as tx:
        staff.add_staff(tx, staff.StaffChangeRequest(agency, subject, subject.title(),
                                                     email or f"{subject}@{agency.lower()}.gov.tw", role, "admin"))
        tx.commit()


def rows(uow, table, *where):
    with uow() as tx:
        return tx.session.execute(select(table).where(*where).order_by(*table.primary_key.columns)).all()


class TestWeeklyEvaluationWARN1:
    def test_baseline_0_0_0_4_gives_threshold_5_so_5_does_not_warn_and_6_does(self, uow):
        # A first case long before keeps the configured 4-week baseline full: weeks W-4..W-1 = 0,0,0,4;
        # mean 1, sample sd 2, threshold exactly 5.
        add_cases(uow, "AT_FIVE", weeks_before(10), 1)
        add_weekly(uow, "AT_FIVE", [0, 0, 0, 4])
        add_cases(uow, "AT_FIVE", W, 5)
        add_cases(uow, "AT_SIX", weeks_before(10), 1)
        add_weekly(uow, "AT_SIX", [0, 0, 0, 4])
        add_cases(uow, "AT_SIX", W, 6)
        result = evaluate(uow, baseline_weeks=4)
        (warning,) = rows(uow, warnings_table)
        assert (warning.subcategory_code, warning.count, warning.mean, warning.sd, warning.threshold) == \
               ("AT_SIX", 6, 1.0, 2.0, 5.0)
        assert result.subcategories_evaluated == 2 and result.new_warning_ids == [warning.id]

    def test_a_case_at_sunday_2330_utc_belongs_to_the_next_taipei_week(self, uow):
        # Baseline 1,1,1,1 (sd 0, threshold 1). Two cases in W make it warn; the third, received Sunday
        # 2026-03-01 16:30 UTC (= Monday 00:30 Taipei), is in W too; one at 15:59:59 UTC is in W-1.
        add_weekly(uow, "MIDNIGHT", [1, 1, 1, 1])
        add_cases(uow, "MIDNIGHT", W, 1, at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
        add_cases(uow, "MIDNIGHT", W, 1, at=datetime(2026, 3, 8, 15, 59, 59, tzinfo=UTC))  # Sun 23:59:59
        add_cases(uow, "LATE_SUNDAY", weeks_before(5), 1)
        add_weekly(uow, "LATE_SUNDAY", [1, 1, 1, 1])
        add_cases(uow, "LATE_SUNDAY", W, 1, at=datetime(2026, 3, 8, 16, 0, tzinfo=UTC))  # next Mon 00:00
        add_cases(uow, "LATE_SUNDAY", W, 1, at=datetime(2026, 3, 2, 12, tzinfo=UTC))
        evaluate(uow)
        assert [w.subcategory_code for w in rows(uow, warnings_table)] == ["MIDNIGHT"]

    def test_a_first_case_mid_baseline_shortens_the_baseline(self, uow):
        # First case 5 weeks before W: baseline 2,2,2,2,2 (mean 2, sd 0, threshold 2) so 2 does not warn.
        # Counting 52 weeks with zeros would give threshold ≈ 1.38 and a warning.
        add_weekly(uow, "NEW_SUB", [2, 2, 2, 2, 2])
        add_cases(uow, "NEW_SUB", W, 2)
        add_weekly(uow, "NEW_SUB_UP", [2, 2, 2, 2, 2])
        add_cases(uow, "NEW_SUB_UP", W, 3)
        evaluate(uow)
        (warning,) = rows(uow, warnings_table)
        assert (warning.subcategory_code, warning.baseline_weeks, warning.threshold) == ("NEW_SUB_UP", 5, 2.0)

    def test_fewer_than_4_baseline_weeks_never_warn(self, uow):
        add_weekly(uow, "YOUNG", [0, 0, 1])
        add_cases(uow, "YOUNG", W, 100)
        result = evaluate(uow)
        assert rows(uow, warnings_table) == [] and result.subcategories_evaluated == 1

    def test_weeks_without_cases_count_as_zero_weeks(self, uow):
        # First case 8 weeks before; only weeks W-8 and W-1 have cases (4 each): mean 1, sample variance
        # (8·32 − 8²)/(8·7) = 192/56 ≈ 3.43, sd ≈ 1.85, threshold ≈ 4.70: 5 warns.
        add_weekly(uow, "GAPPY", [4, 0, 0, 0, 0, 0, 0, 4])
        add_cases(uow, "GAPPY", W, 5)
        evaluate(uow)
        (warning,) = rows(uow, warnings_table)
        assert warning.baseline_weeks == 8 and warning.mean == 1.0
        assert warning.threshold == pytest.approx(1 + 2 * (192 / 56) ** 0.5)

    def test_a_week_that_has_not_ended_is_refused(self, uow):
        with pytest.raises(InvalidInput, match="not ended"):
            evaluate(uow, week=date(2026, 3, 9))
        with pytest.raises(InvalidInput, match="Monday"):
            evaluate(uow, week=date(2026, 3, 3))

    def test_the_executing_agency_is_where_most_of_the_weeks_cases_went(self, uow):
        add_weekly(uow, "SPLIT", [1, 1, 1, 1], agency="HEO")
        add_cases(uow, "SPLIT", W, 2, agency="HEO")
        add_cases(uow, "SPLIT", W, 3, agency="SSO")
        evaluate(uow)
        (warning,) = rows(uow, warnings_table)
        assert warning.agency_code == "SSO"


class TestOncePerSubcategoryAndWeek:
    def test_re_evaluating_a_week_raises_no_second_warning_event_or_mail_warn_1(self, uow):
        add_staff(uow, "PPLO", "lin", "rdec_staff")
        add_weekly(uow, "TWICE", [1, 1, 1, 1])
        add_cases(uow, "TWICE", W, 9)
        first = evaluate(uow)
        second = evaluate(uow, now=NOW + timedelta(days=1))
        assert len(first.new_warning_ids) == 1 and second.new_warning_ids == [] and second.already_raised == 1
        assert len(rows(uow, warnings_table)) == 1
        assert len(rows(uow, mail_outbox)) == 1
        assert [r.routing_key for r in rows(uow, outbox)] == ["deadline_set", "alert_raised"]

    def test_the_timer_evaluates_an_ended_week_once_after_the_delay(self, uow):
        add_weekly(uow, "TIMED", [1, 1, 1, 1])
        add_cases(uow, "TIMED", W, 9)
        ended = datetime(2026, 3, 9, tzinfo=TAIPEI)
        with uow() as tx:
            too_early = warnings.evaluate_due_week(tx, now=ended + timedelta(minutes=5), calendar=CAL,
                                                   delay=timedelta(minutes=10))
            first = warnings.evaluate_due_week(tx, now=ended + timedelta(minutes=11), calendar=CAL,
                                               delay=timedelta(minutes=10))
            tx.commit()
        with uow() as tx:
            again = warnings.evaluate_due_week(tx, now=ended + timedelta(hours=3), calendar=CAL,
                                               delay=timedelta(minutes=10))
        assert too_early is None and again is None
        assert first is not None and first.week == W and len(first.new_warning_ids) == 1


class TestWarningRoutingWARN2AndWARN32:
    def test_the_warning_mail_goes_to_the_agencys_authorised_staff_with_the_form_due_warn_2_3_1(self, uow):
        add_staff(uow, "PPLO", "lin", "rdec_staff")
        add_staff(uow, "PPLO", "chen", "rdec_officer")
        add_staff(uow, "PPLO", "boss", "agency_head")
        add_weekly(uow, "LAMP", [1, 1, 1, 1])
        add_cases(uow, "LAMP", W, 9)
        evaluate(uow)
        (form,) = rows(uow, analysis_forms)
        (mail,) = rows(uow, mail_outbox)
        # Raised Monday 2026-03-09: day 1 = Tuesday 03-10, day 3 = Thursday 03-12, due 17:30 (WARN-3.1).
        assert form.due == datetime(2026, 3, 12, 17, 30, tzinfo=TAIPEI)
        assert (form.state, form.route_to_head, form.superior_agency_code) == ("open", False, "")
        assert mail.recipients == ["chen@pplo.gov.tw", "lin@pplo.gov.tw"]
        assert "LAMP" in mail.subject and "民國115年3月12日" in mail.body
        (deadline,) = rows(uow, deadlines)
        assert (deadline.rule, deadline.source, deadline.due) == ("WARN-3.1", "alerts", form.due)

    def test_two_weeks_in_a_row_route_the_form_to_the_head_and_the_superior_agency_warn_3_2(self, uow):
        with uow() as tx:
            staff.sync_agencies(tx, [("PPLO", "公園路燈工程管理處", "PWD"), ("PWD", "工務局", "")])
            tx.commit()
        add_staff(uow, "PPLO", "lin", "rdec_staff")
        add_staff(uow, "PPLO", "boss", "agency_head")
        add_staff(uow, "PWD", "pwd-rdec", "rdec_officer")
        add_weekly(uow, "STREAK", [1, 1, 1, 1], week=weeks_before(1))
        add_cases(uow, "STREAK", weeks_before(1), 9)
        add_cases(uow, "STREAK", W, 30)
        evaluate(uow, week=weeks_before(1), now=NOW - timedelta(weeks=1))
        evaluate(uow)
        first, second = rows(uow, warnings_table)
        assert (first.consecutive_weeks, second.consecutive_weeks) == (1, 2)
        first_form, second_form = rows(uow, analysis_forms)
        assert (first_form.route_to_head, first_form.superior_agency_code) == (False, "")
        assert (second_form.route_to_head, second_form.superior_agency_code) == (True, "PWD")
        first_mail, second_mail = rows(uow, mail_outbox)
        assert first_mail.recipients == ["lin@pplo.gov.tw"]
        assert second_mail.recipients == ["boss@pplo.gov.tw", "lin@pplo.gov.tw", "pwd-rdec@pwd.gov.tw"]
        assert "WARN-3.2" in second_mail.body

    def test_a_first_level_agency_on_a_streak_goes_to_its_head_only_warn_3_2(self, uow):
        with uow() as tx:
            staff.sync_agencies(tx, [("PWD", "工務局", "")])
            tx.commit()
        add_weekly(uow, "TOP", [1, 1, 1, 1], week=weeks_before(1), agency="PWD")
        add_cases(uow, "TOP", weeks_before(1), 9, agency="PWD")
        add_cases(uow, "TOP", W, 30, agency="PWD")
        evaluate(uow, week=weeks_before(1), now=NOW - timedelta(weeks=1))
        evaluate(uow)
        second_form = rows(uow, analysis_forms)[1]
        assert (second_form.route_to_head, second_form.superior_agency_code) == (True, "")


class TestAnalysisFormWARN31:
    @pytest.fixture
    def form_id(self, uow):
        add_staff(uow, "PPLO", "lin", "rdec_staff")
        add_weekly(uow, "FORM", [1, 1, 1, 1])
        add_cases(uow, "FORM", W, 9)
        evaluate(uow)
        return rows(uow, analysis_forms)[0].id

    def test_submitted_then_approved_by_rdec_line_staff_is_filed_and_meets_the_deadline(self, uow, form_id):
        later = NOW + timedelta(days=1)
        with uow() as tx:
            warnings.submit_form(tx, form_id, analysis="颱風後路燈損壞", measures="加派人力", faq_update_needed=True,
                                 staff_subject="clerk", now=later)
            tx.commit()
        with uow() as tx, pytest.raises(PermissionDenied):
            warnings.review_form(tx, form_id, approve=True, comment="", staff_subject="clerk", now=later)
        with uow() as tx:
            form = warnings.review_form(tx, form_id, approve=True, comment="", staff_subject="lin", now=later)
            tx.commit()
        assert (form.state, form.reviewed_by, form.filed_at) == ("filed", "lin", later)
        (deadline,) = rows(uow, deadlines)
        assert deadline.met_at == later
        assert [r.routing_key for r in rows(uow, outbox)][-2:] == ["deadline_met", "analysis_form_filed"]

    def test_a_returned_form_is_open_again_and_a_filed_one_cannot_change(self, uow, form_id):
        with uow() as tx:
            warnings.submit_form(tx, form_id, analysis="a", measures="m", faq_update_needed=False,
                                 staff_subject="clerk", now=NOW)
            with pytest.raises(InvalidInput, match="comment"):
                warnings.review_form(tx, form_id, approve=False, comment=" ", staff_subject="lin", now=NOW)
            form = warnings.review_form(tx, form_id, approve=False, comment="請補充原因", staff_subject="lin", now=NOW)
            assert form.state == "open"
            warnings.submit_form(tx, form_id, analysis="a2", measures="m2", faq_update_needed=False,
                                 staff_subject="clerk", now=NOW)
            warnings.review_form(tx, form_id, approve=True, comment="", staff_subject="lin", now=NOW)
            with pytest.raises(Conflict):
                warnings.submit_form(tx, form_id, analysis="x", measures="y", faq_update_needed=False,
                                     staff_subject="clerk", now=NOW)

    def test_a_serious_case_is_reported_to_city_level_once_warn_3_3(self, uow, form_id):
        add_staff(uow, "RDEC", "city", "rdec_officer", "city@rdec.gov.tw")
        warning_id = rows(uow, warnings_table)[0].id
        with uow() as tx:
            row = warnings.escalate_to_city(tx, warning_id, reason="大量民眾受傷", staff_subject="lin", now=NOW)
            tx.commit()
        assert row.city_escalated_at == NOW
        with uow() as tx, pytest.raises(Conflict):
            warnings.escalate_to_city(tx, warning_id, reason="again", staff_subject="lin", now=NOW)
        assert rows(uow, mail_outbox)[-1].recipients == ["city@rdec.gov.tw"]
        assert rows(uow, outbox)[-1].routing_key == "alert_escalated"


class TestAuthorisedStaffWARN2:
    def test_every_change_is_recorded_with_who_and_when(self, uow):
        add_staff(uow, "PPLO", "lin", "rdec_staff")
        add_staff(uow, "PPLO", "lin", "rdec_officer")
        with uow() as tx:
            assert staff.remove_staff(tx, "pplo", "lin", "rdec-city", "調職")
            assert not staff.remove_staff(tx, "PPLO", "lin", "rdec-city")
            tx.commit()
        with uow() as tx:
            changes = staff.list_changes(tx, "PPLO")
            assert staff.list_staff(tx, "PPLO") == []
        assert [(c.action, c.role, c.changed_by) for c in reversed(changes)] == [
            ("add", "rdec_staff", "admin"), ("update", "rdec_officer", "admin"),
            ("remove", "rdec_officer", "rdec-city")]

    def test_a_bad_role_or_email_names_every_problem(self, uow):
        with uow() as tx, pytest.raises(InvalidInput) as info:
            staff.add_staff(tx, staff.StaffChangeRequest("PPLO", "x", "", "not-mail", "boss", "admin"))
        assert "email" in str(info.value) and "role" in str(info.value)

    def test_a_change_without_a_signed_in_subject_is_refused(self, uow):
        with uow() as tx, pytest.raises(PermissionDenied):
            staff.add_staff(tx, staff.StaffChangeRequest("PPLO", "x", "", "x@y.tw", "rdec_staff", ""))


def test_the_dashboard_shows_every_subcategory_against_its_threshold_warn_2(uow):
    add_weekly(uow, "DASH_A", [1, 1, 1, 1])
    add_cases(uow, "DASH_A", W, 9)
    add_weekly(uow, "DASH_B", [2, 2])
    evaluate(uow)
    with uow() as tx:
        data = warnings.dashboard(tx, W, now=NOW)
        count = tx.session.execute(select(func.count()).select_from(warnings_table)).scalar_one()
    by_code = {r.subcategory_code: r.evaluation for r in data.rows}
    assert data.complete and count == 1
    assert (by_code["DASH_A"].count, by_code["DASH_A"].threshold, by_code["DASH_A"].warn) == (9, 1.0, True)
    assert (by_code["DASH_B"].count, by_code["DASH_B"].has_baseline) == (0, False)
    assert set(data.warning_ids) == {"DASH_A"} and [w.subcategory_code for w in data.current_warnings] == ["DASH_A"]
