"""Calendar (closures), APP-11: a closure day declared by an administrator (alerts' closure_declared) moves the
open APP-11 deadlines whose counting window contains it, and nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from civicase.alerts.v1 import events_pb2 as alerts_events_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.closures import Closure, closure_from_event, read_calendar
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp
from eapply import handlers
from eapply.adapters.orm import applications, closure_days, outbox

TAIPEI = ZoneInfo("Asia/Taipei")
RECEIVED = datetime(2026, 7, 20, 10, 0, tzinfo=TAIPEI)  # Monday; 7 working days → Wed 2026-07-29 17:30
DUE = datetime(2026, 7, 29, 17, 30, tzinfo=TAIPEI)
FOOD = handlers.SubmitRequest(
    service_code="DOH-FOOD-BUSINESS-REGISTRATION", applicant_name="王小明", email="ming@example.com",
    documents=("申請書", "負責人身分證明", "營業場所平面圖"), form={"shop_name": "小明麵店"},
)


def submit(uow) -> str:
    with uow() as tx:
        row = handlers.submit_application(tx, FOOD, calendar=read_calendar(tx, closure_days), now=RECEIVED)
        tx.commit()
    return row.application_number


def declare(uow, day: date, scope: str = "city") -> list[str]:
    with uow() as tx:
        moved = handlers.apply_closure(tx, Closure(day=day, scope=scope, reason="颱風停班", declared_by="admin",
                                                   declared_at=datetime.now(UTC)))
        tx.commit()
    return moved


def due_of(uow, number: str) -> datetime:
    with uow() as tx:
        return tx.session.execute(select(applications.c.due)
                                  .where(applications.c.application_number == number)).scalar_one()


def deadline_sets(uow) -> list[dict]:
    with uow() as tx:
        return [r.envelope["data"] for r in tx.session.execute(
            select(outbox).where(outbox.c.routing_key == "deadline_set").order_by(outbox.c.seq))]


def test_closure_inside_the_window_moves_app_11_one_working_day_and_announces_it(uow):
    """Calendar (closures), APP-11: Wed 2026-07-22 closed → due Thu 2026-07-30 17:30, deadline_set again."""
    number = submit(uow)
    assert due_of(uow, number) == DUE
    assert declare(uow, date(2026, 7, 22)) == [number]
    assert due_of(uow, number) == datetime(2026, 7, 30, 17, 30, tzinfo=TAIPEI)
    first, again = deadline_sets(uow)
    assert (again["rule"], again["subject"], again["due"]) == ("APP-11", number, "2026-07-30T09:30:00Z")
    assert again["opened_at"] == first["opened_at"]


def test_closure_on_a_saturday_or_after_the_due_changes_nothing(uow):
    """Calendar (closures): a day already off, or a day after the due, moves nothing."""
    number = submit(uow)
    assert declare(uow, date(2026, 7, 25)) == []
    assert declare(uow, date(2026, 7, 30)) == []
    assert due_of(uow, number) == DUE
    assert len(deadline_sets(uow)) == 1


def test_decided_applications_do_not_move(uow):
    """Calendar (closures), APP-11: a decided application's deadline is over; a closure leaves it alone."""
    number = submit(uow)
    with uow() as tx:
        handlers.decide_application(tx, number, outcome="approved", reason="", decided_by="clerk")
        tx.commit()
    assert declare(uow, date(2026, 7, 22)) == []


def test_redelivered_closure_declared_moves_the_deadline_once(uow):
    """Calendar (closures): the same event delivered twice = one effect."""
    number = submit(uow)
    msg = alerts_events_pb2.ClosureDeclared(day="2026-07-22", scope="city", declared_by="admin",
                                            declared_at=to_timestamp(datetime.now(UTC)))
    event = new_event("alerts", "closure_declared", "2026-07-22", msg)
    for _ in range(2):
        with uow() as tx:
            if tx.claim("eapply.handle_closure_declared", event):
                handlers.apply_closure(tx, closure_from_event(msg))
            tx.commit()
    assert due_of(uow, number) == datetime(2026, 7, 30, 17, 30, tzinfo=TAIPEI)
    assert len(deadline_sets(uow)) == 2


def test_new_applications_count_with_recorded_closures(uow):
    """Calendar (closures), APP-11: an application received after the declaration is due a day later too."""
    declare(uow, date(2026, 7, 22))
    assert due_of(uow, submit(uow)) == datetime(2026, 7, 30, 17, 30, tzinfo=TAIPEI)


def test_a_due_counted_without_a_recent_closure_is_moved_by_the_recheck(uow):
    """Calendar (closures), APP-11: an application counted concurrently with the closure (or by an instance
    whose calendar was cached before it) got the old due; the periodic re-check moves it, once."""
    declare(uow, date(2026, 7, 22))
    with uow() as tx:
        number = handlers.submit_application(tx, FOOD, calendar=OfficeCalendar(), now=RECEIVED).application_number
        tx.commit()
    assert due_of(uow, number) == DUE
    for _ in range(2):
        with uow() as tx:
            handlers.recheck_recent_closures(tx)
            tx.commit()
    assert due_of(uow, number) == datetime(2026, 7, 30, 17, 30, tzinfo=TAIPEI)
    assert len(deadline_sets(uow)) == 2
