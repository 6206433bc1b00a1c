"""Calendar (closures): a closure day declared by an administrator (alerts' closure_declared) moves reply's
open deadlines whose counting window contains it — PET-7.4, PET-7.4-B, PET-7.3 — and nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from civicase.alerts.v1 import events_pb2 as alerts_events_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.closures import Closure, closure_from_event
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp
from reply import closure_handlers, handlers, masking_handlers
from reply.adapters.orm import closure_days, masked_copies, replies
from reply.domain.replies import Level, validate_reply

TAIPEI = ZoneInfo("Asia/Taipei")
CASE = "000-20260720-00001"
AGENCY = "379000000A"
ASSIGNED = datetime(2026, 7, 20, 10, 0, tzinfo=TAIPEI)  # Monday; PET-7.4 due Tue 2026-07-28 17:30
DUE = datetime(2026, 7, 28, 17, 30, tzinfo=TAIPEI)


def closure(day: date, scope: str = "city") -> Closure:
    return Closure(day=day, scope=scope, reason="颱風停班", declared_by="admin",
                   declared_at=datetime(2026, 7, 21, 20, 0, tzinfo=TAIPEI))


def assign(uow) -> None:
    with uow() as tx:
        handlers.record_assignment(tx, handlers.Assignment(
            case_number=CASE, agency_code=AGENCY, subcategory_code="traffic.signal",
            received_at=ASSIGNED, assigned_at=ASSIGNED), calendar=closure_handlers.read_calendar(tx, closure_days))
        tx.commit()


def declare(uow, day: date, scope: str = "city"):
    with uow() as tx:
        moved = closure_handlers.apply_closure(tx, closure(day, scope))
        tx.commit()
    return moved


def reply_due(uow) -> datetime:
    with uow() as tx:
        return handlers.get_status(tx, CASE).reply_due


def announced(outbox_events) -> list[dict]:
    return [e["data"] for e in outbox_events() if e["type"] == "deadline_set"]


class TestProcessingDeadline:
    def test_closure_on_a_working_day_inside_the_window_moves_pet_7_4_one_working_day(self, uow, outbox_events):
        """Calendar (closures), PET-7.4: Wed 2026-07-22 closed → due Wed 2026-07-29 17:30, announced again."""
        assign(uow)
        [moved] = declare(uow, date(2026, 7, 22))
        assert moved.rule == "PET-7.4"
        assert reply_due(uow) == datetime(2026, 7, 29, 17, 30, tzinfo=TAIPEI)
        first, again = announced(outbox_events)
        assert first["due"] == "2026-07-28T09:30:00Z"
        assert again["rule"] == "PET-7.4" and again["due"] == "2026-07-29T09:30:00Z"
        assert again["opened_at"] == first["opened_at"]  # same opening: the board updates that deadline

    def test_closure_on_a_saturday_changes_nothing(self, uow, outbox_events):
        """Calendar (closures): a closure on a day already off changes nothing."""
        assign(uow)
        assert declare(uow, date(2026, 7, 25)) == []
        assert reply_due(uow) == DUE
        assert len(announced(outbox_events)) == 1

    def test_closure_after_the_due_or_on_the_assignment_day_changes_nothing(self, uow, outbox_events):
        """Calendar (closures), PET-7.4: only days inside the counting window move the deadline."""
        assign(uow)
        assert declare(uow, date(2026, 7, 29)) == []
        assert declare(uow, date(2026, 7, 20)) == []
        assert reply_due(uow) == DUE
        assert len(announced(outbox_events)) == 1

    def test_new_deadlines_count_with_recorded_closures(self, uow):
        """Calendar (closures), PET-7.4: a case assigned after the declaration is due a day later too."""
        declare(uow, date(2026, 7, 22))
        assign(uow)
        assert reply_due(uow) == datetime(2026, 7, 29, 17, 30, tzinfo=TAIPEI)

    def test_district_closure_is_recorded_but_not_applied(self, uow, outbox_events):
        """Calendar (closures): district closures are kept, only scope "city" changes the calendar for now."""
        assign(uow)
        assert declare(uow, date(2026, 7, 22), scope="中正區") == []
        assert reply_due(uow) == DUE
        with uow() as tx:
            assert tx.session.execute(select(closure_days.c.scope)).scalars().all() == ["中正區"]

    def test_redelivered_closure_declared_moves_the_deadline_once(self, uow, outbox_events):
        """Calendar (closures): the same event twice (and the same day declared twice) = one effect."""
        assign(uow)
        msg = alerts_events_pb2.ClosureDeclared(day="2026-07-22", scope="city", reason="颱風停班",
                                                declared_by="admin", declared_at=to_timestamp(datetime.now(UTC)))
        event = new_event("alerts", "closure_declared", "2026-07-22", msg)
        for _ in range(2):  # as nameko_support.consumes does: claim and effect in one transaction
            with uow() as tx:
                if tx.claim("reply.handle_closure_declared", event):
                    closure_handlers.apply_closure(tx, closure_from_event(msg))
                tx.commit()
        assert declare(uow, date(2026, 7, 22)) == []  # a second event for the same day
        assert reply_due(uow) == datetime(2026, 7, 29, 17, 30, tzinfo=TAIPEI)
        assert len(announced(outbox_events)) == 2


class TestLevelBAndMasking:
    def test_closure_moves_pet_7_4_b_and_the_pet_7_3_masked_copy_due(self, uow, outbox_events):
        """Calendar (closures), PET-7.4-B and PET-7.3: a level B reply on Mon 2026-08-17 opens PET-7.4-B (day 30
        after the assignment = Wed 08-19, end of day) and masked copies due Tue 08-18 17:30. Closing 08-18 moves
        only the copies (day 30 is still a working day); closing 08-19 moves both, one working day each."""
        assign(uow)
        draft = validate_reply(case_number=CASE, content="已受理，將於三十日內答復。", level=Level.B, handler="王承辦",
                               case_item="號誌故障", legality_question=False)
        replied = datetime(2026, 8, 17, 10, 0, tzinfo=TAIPEI)
        with uow() as tx:
            handlers.record_reply(tx, draft, now=replied)
            tx.commit()
        with uow() as tx:
            reply_id = tx.session.execute(select(replies.c.id)).scalar_one()
            masking_handlers.create_masked_copies(tx, reply_id, None, now=replied)
            tx.commit()
        assert reply_due(uow) == datetime(2026, 8, 19, 23, 59, 59, tzinfo=TAIPEI)

        moved = declare(uow, date(2026, 8, 18))
        assert [m.rule for m in moved] == ["PET-7.3"]
        with uow() as tx:
            dues = tx.session.execute(select(masked_copies.c.due)).scalars().all()
        assert dues == [datetime(2026, 8, 19, 17, 30, tzinfo=TAIPEI)]

        moved = declare(uow, date(2026, 8, 19))
        assert sorted(m.rule for m in moved) == ["PET-7.3", "PET-7.4-B"]
        assert reply_due(uow) == datetime(2026, 8, 20, 23, 59, 59, tzinfo=TAIPEI)
        last = announced(outbox_events)[-2:]
        assert {d["rule"]: d["due"] for d in last} == {"PET-7.4-B": "2026-08-20T15:59:59Z",
                                                        "PET-7.3": "2026-08-20T09:30:00Z"}


class TestRecheck:
    def test_a_deadline_counted_without_a_recent_closure_is_moved_by_the_recheck(self, uow, outbox_events):
        """Calendar (closures), PET-7.4: a case assigned concurrently with the closure (or by an instance whose
        calendar was cached before it) got the old due; the periodic re-check moves it, once."""
        declare(uow, date(2026, 7, 22))
        with uow() as tx:  # counted with a calendar from before the closure
            handlers.record_assignment(tx, handlers.Assignment(
                case_number=CASE, agency_code=AGENCY, subcategory_code="traffic.signal", received_at=ASSIGNED,
                assigned_at=ASSIGNED), calendar=OfficeCalendar())
            tx.commit()
        assert reply_due(uow) == DUE
        for _ in range(2):
            with uow() as tx:
                closure_handlers.recheck_recent_closures(tx)
                tx.commit()
        assert reply_due(uow) == datetime(2026, 7, 29, 17, 30, tzinfo=TAIPEI)
        assert [d["due"] for d in announced(outbox_events)] == ["2026-07-28T09:30:00Z", "2026-07-29T09:30:00Z"]

    def test_closures_recorded_long_ago_are_not_rechecked(self, uow):
        """Calendar (closures): the re-check looks only at closures recorded in the last minutes."""
        declare(uow, date(2026, 7, 22))
        with uow() as tx:
            handlers.record_assignment(tx, handlers.Assignment(
                case_number=CASE, agency_code=AGENCY, subcategory_code="traffic.signal", received_at=ASSIGNED,
                assigned_at=ASSIGNED), calendar=OfficeCalendar())
            assert closure_handlers.recheck_recent_closures(tx, now=datetime.now(UTC) + timedelta(hours=1)) == []
