"""Closure days (typhoon 停班): alerts owns the list ("Calendar (closures)").

``declare_closure`` stores the day, announces ``closure_declared`` (outbox) so reply and eapply move their
open deadlines, and moves alerts' own open WARN-3.1 analysis-form deadlines whose counting window contains
the closed day (``deadline_set`` again with the new due). Only whole-city closures change the calendar for
now; a district closure is recorded and announced but moves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import structlog
from sqlalchemy import select

from alerts.adapters.orm import analysis_forms, closure_days, deadlines, warnings
from alerts.domain.closures import Declaration
from alerts.domain.control import FORM_FILED, WARN_3_1, analysis_form_due
from civicase.alerts.v1 import events_pb2
from civicase.common.v1 import deadlines_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.closures import (
    CITY,
    RECHECK_WINDOW,
    Closure,
    read_calendar,
    recheck_recent,
    record_closure,
    window_contains,
)
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import AlreadyExists
from civicase_platform.grpc_support import to_timestamp

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class DeclaredClosure:
    closure: Closure
    moved_deadlines: int


def declare_closure(tx: UnitOfWork, declaration: Declaration, *, now: datetime | None = None) -> DeclaredClosure:
    """Store the closure, announce ``closure_declared`` and move alerts' own open WARN-3.1 deadlines.

    AlreadyExists (nothing changed) if that day and scope was declared before."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    closure = Closure(day=declaration.day, scope=declaration.scope, reason=declaration.reason,
                      declared_by=declaration.declared_by, declared_at=now)
    if not record_closure(tx, closure_days, closure):
        raise AlreadyExists(f"a closure on {closure.day.isoformat()} for {closure.scope!r} is already declared")
    tx.publish("closure_declared", closure.day.isoformat(), events_pb2.ClosureDeclared(
        day=closure.day.isoformat(), scope=closure.scope, reason=closure.reason,
        declared_by=closure.declared_by, declared_at=to_timestamp(now),
    ))
    moved = move_form_deadlines(tx, closure.day, read_calendar(tx, closure_days)) if closure.applies_citywide else 0
    log.info("closure_declared", day=closure.day.isoformat(), scope=closure.scope, moved_deadlines=moved)
    return DeclaredClosure(closure, moved)


def recheck_recent_closures(tx: UnitOfWork, *, now: datetime | None = None,
                            window: timedelta = RECHECK_WINDOW) -> int:
    """Apply the whole-city closures recorded within ``window`` again to the open WARN-3.1 forms: a form opened
    concurrently with a declaration, or by another instance with a calendar cached from before it, moves."""
    return sum(recheck_recent(tx, closure_days, move_form_deadlines, now=now, window=window))


def move_form_deadlines(tx: UnitOfWork, day: date, calendar: OfficeCalendar) -> int:
    """WARN-3.1: re-count each open analysis form whose window contains the closed day from the warning's
    raised_at; store the new due (form and board) and announce it (``deadline_set``, same opened_at)."""
    rows = tx.session.execute(
        select(analysis_forms.c.id, analysis_forms.c.agency_code, analysis_forms.c.due, warnings.c.raised_at)
        .join(warnings, warnings.c.id == analysis_forms.c.warning_id)
        .where(analysis_forms.c.state != FORM_FILED)
        .with_for_update(of=analysis_forms)
    ).all()
    moved = 0
    for row in rows:
        if not window_contains(row.raised_at, row.due, day):
            continue
        due = analysis_form_due(row.raised_at, calendar).astimezone(UTC)
        if due == row.due:
            continue
        subject = f"AF-{row.id}"
        tx.session.execute(analysis_forms.update().where(analysis_forms.c.id == row.id).values(due=due))
        board_row = tx.session.execute(
            deadlines.update().where(deadlines.c.rule == WARN_3_1, deadlines.c.subject == subject)
            .values(due=due).returning(deadlines.c.opened_at)
        ).first()
        opened_at = board_row.opened_at if board_row is not None else row.raised_at
        tx.publish("deadline_set", subject, deadlines_pb2.DeadlineSet(
            rule=WARN_3_1, subject=subject, agency_code=row.agency_code, due=to_timestamp(due),
            opened_at=to_timestamp(opened_at),
        ))
        moved += 1
    return moved


def list_closures(tx: UnitOfWork, from_day=None) -> list[Closure]:
    """The declared closure days, newest day first (from ``from_day`` on, if given)."""
    stmt = select(closure_days).order_by(closure_days.c.day.desc(), closure_days.c.scope)
    if from_day is not None:
        stmt = stmt.where(closure_days.c.day >= from_day)
    return [Closure(day=r.day, scope=r.scope, reason=r.reason, declared_by=r.declared_by,
                    declared_at=r.declared_at) for r in tx.session.execute(stmt)]


__all__ = ["CITY", "DeclaredClosure", "declare_closure", "list_closures", "move_form_deadlines",
           "recheck_recent_closures"]
