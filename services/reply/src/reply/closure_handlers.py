"""A closure day was declared (alerts' ``closure_declared``): keep reply's copy and move the open
deadlines whose counting window contains the closed day ("Calendar (closures)").

Each open deadline is counted again from its stored start instant and rule with the calendar that now
includes the closure: PET-7.4 and PET-7.4-B from the case's first assignment, PET-7.3 (masked copies not
yet published) from the reply. A moved deadline is stored and announced again (``deadline_set`` with the
same ``opened_at`` and the new due), so the time-limit board follows. A closure on a day that is already
off, on the start's own day or after the due changes nothing; a redelivered event changes nothing either
(the closure is recorded once). District closures are recorded only (not applied yet).

``recheck_recent_closures`` (reply's timer) counts again the open deadlines that a closure recorded in the last
few minutes should have moved but could not: one opened concurrently with the closure's transaction, or counted
by another instance with its calendar cached from before the closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import structlog
from sqlalchemy import select

from civicase.common.v1 import deadlines_pb2
from civicase_platform.calendar import OfficeCalendar, deadline
from civicase_platform.closures import (
    RECHECK_WINDOW,
    Closure,
    read_calendar,
    recheck_recent,
    record_closure,
    start_of_day,
    window_contains,
)
from civicase_platform.db import UnitOfWork
from civicase_platform.grpc_support import to_timestamp
from reply.adapters.orm import cases, closure_days, deadlines, masked_copies
from reply.domain.masked_copies import MASKING_RULE, CopyState

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class MovedDeadline:
    case_number: str
    rule: str
    due_before: datetime
    due: datetime


def apply_closure(tx: UnitOfWork, closure: Closure) -> list[MovedDeadline]:
    """Record ``closure``; if it is new and city-wide, move the open deadlines it falls into."""
    if not record_closure(tx, closure_days, closure):
        log.info("closure_already_recorded", day=closure.day.isoformat(), scope=closure.scope)
        return []
    if not closure.applies_citywide:
        log.info("closure_recorded_not_applied", day=closure.day.isoformat(), scope=closure.scope)
        return []
    moved = move_deadlines(tx, closure.day, read_calendar(tx, closure_days))
    log.info("closure_applied", day=closure.day.isoformat(), moved_deadlines=len(moved))
    return moved


def move_deadlines(tx: UnitOfWork, day: date, calendar: OfficeCalendar) -> list[MovedDeadline]:
    """Count again the open deadlines whose window contains ``day`` with ``calendar``; store and announce
    those whose due changed (idempotent: a deadline already counted with the day does not change)."""
    return _move_processing_deadlines(tx, day, calendar) + _move_masking_deadlines(tx, day, calendar)


def recheck_recent_closures(tx: UnitOfWork, *, now: datetime | None = None,
                            window: timedelta = RECHECK_WINDOW) -> list[MovedDeadline]:
    """Apply every whole-city closure recorded within ``window`` again (see the module docstring)."""
    moved = [m for per_day in recheck_recent(tx, closure_days, move_deadlines, now=now, window=window)
             for m in per_day]
    if moved:
        log.info("closure_recheck_moved", moved_deadlines=len(moved))
    return moved


def _move_processing_deadlines(tx: UnitOfWork, day: date, calendar: OfficeCalendar) -> list[MovedDeadline]:
    """PET-7.4 / PET-7.4-B, both counted from the first assignment."""
    rows = tx.session.execute(
        select(deadlines.c.case_number, deadlines.c.rule, deadlines.c.due, deadlines.c.opened_at,
               cases.c.assigned_at, cases.c.agency_code)
        .join(cases, cases.c.case_number == deadlines.c.case_number)
        .where(deadlines.c.met_at.is_(None), deadlines.c.due >= start_of_day(day))
        .order_by(deadlines.c.case_number)
        .with_for_update(of=deadlines)
    ).all()
    moved = []
    for row in rows:
        if not window_contains(row.assigned_at, row.due, day):
            continue
        due = deadline(row.rule, row.assigned_at, calendar=calendar).astimezone(UTC)
        if due == row.due:
            continue
        tx.session.execute(deadlines.update().where(
            deadlines.c.case_number == row.case_number, deadlines.c.rule == row.rule).values(due=due))
        tx.publish("deadline_set", row.case_number, deadlines_pb2.DeadlineSet(
            rule=row.rule, subject=row.case_number, agency_code=row.agency_code, due=to_timestamp(due),
            opened_at=to_timestamp(row.opened_at),
        ))
        moved.append(MovedDeadline(row.case_number, row.rule, row.due, due))
    return moved


def _move_masking_deadlines(tx: UnitOfWork, day: date, calendar: OfficeCalendar) -> list[MovedDeadline]:
    """PET-7.3: unpublished masked copies, counted from the reply; one announcement per case and reply."""
    rows = tx.session.execute(
        select(masked_copies.c.id, masked_copies.c.case_number, masked_copies.c.agency_code,
               masked_copies.c.replied_at, masked_copies.c.due)
        .where(masked_copies.c.state != CopyState.PUBLISHED.value, masked_copies.c.due >= start_of_day(day))
        .order_by(masked_copies.c.id)
        .with_for_update()
    ).all()
    moved: dict[tuple[str, datetime], MovedDeadline] = {}
    for row in rows:
        if not window_contains(row.replied_at, row.due, day):
            continue
        due = deadline(MASKING_RULE, row.replied_at, calendar=calendar).astimezone(UTC)
        if due == row.due:
            continue
        tx.session.execute(masked_copies.update().where(masked_copies.c.id == row.id).values(due=due))
        key = (row.case_number, row.replied_at)
        if key not in moved:
            tx.publish("deadline_set", row.case_number, deadlines_pb2.DeadlineSet(
                rule=MASKING_RULE, subject=row.case_number, agency_code=row.agency_code, due=to_timestamp(due),
                opened_at=to_timestamp(row.replied_at),
            ))
            moved[key] = MovedDeadline(row.case_number, MASKING_RULE, row.due, due)
    return list(moved.values())
