"""Alerts' use cases, as plain functions over a unit of work: the weekly volume read model (WARN-1 data,
WARN-2 dashboard) and the deadlines seen on the bus (seed of the time-limit control board).

Why counts are ``GROUP BY`` over one row per case rather than a maintained ``weekly_counts`` table: a case
is counted once, in the sub-category it is *currently* assigned to, and re-assignment moves it. With one row
per case that is a single idempotent upsert, correct under concurrent consumers and out-of-order delivery,
and the count can never drift from the cases. A counter table would need a decrement of the old bucket and
an increment of the new one under a row lock, and any bug or replay would leave it wrong forever. The read
stays cheap at millions of cases: ``(week, subcategory_code)`` makes the dashboard's "one week, every
sub-category" an index-only scan of one week's rows (a few thousand), and ``(subcategory_code, week)`` does
the same for WARN-1's 53 weeks of one sub-category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from alerts.adapters.orm import deadlines, week_cases
from alerts.volume import receipt_week
from civicase.common.v1 import deadlines_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.db import UnitOfWork
from civicase_platform.events import CloudEvent
from civicase_platform.grpc_support import from_timestamp


class UnusableEvent(ValueError):
    """An event lacks what this consumer needs (dead-lettered after retries, for an operator)."""


@dataclass(frozen=True)
class WeeklyCount:
    subcategory_code: str
    week: date
    count: int


def _event_time(event: CloudEvent) -> datetime:
    try:
        return datetime.fromisoformat(event.time.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return datetime.now(UTC)


def record_case_assigned(tx: UnitOfWork, event: CloudEvent) -> None:
    """Count the case in its receipt week under the sub-category it is now assigned to (WARN-1).

    A re-assignment (a later ``case_assigned`` of the same case) moves the case; an older assignment
    delivered late never overwrites a newer one, so the case counts once, where it last went.
    """
    msg = event.message(routing_events_pb2.CaseAssigned)
    received_at = from_timestamp(msg.received_at) if msg.HasField("received_at") else None
    if not msg.case_number or not msg.subcategory_code or received_at is None:
        raise UnusableEvent("case_assigned needs case_number, subcategory_code and received_at")
    assigned_at = (from_timestamp(msg.assigned_at) if msg.HasField("assigned_at") else None) or _event_time(event)
    values = dict(
        case_number=msg.case_number,
        subcategory_code=msg.subcategory_code,
        agency_code=msg.agency_code,
        received_at=received_at,
        week=receipt_week(received_at),
        assigned_at=assigned_at,
    )
    stmt = pg_insert(week_cases).values(**values)
    tx.session.execute(
        stmt.on_conflict_do_update(
            index_elements=[week_cases.c.case_number],
            set_={
                "subcategory_code": stmt.excluded.subcategory_code,
                "agency_code": stmt.excluded.agency_code,
                "received_at": stmt.excluded.received_at,
                "week": stmt.excluded.week,
                "assigned_at": stmt.excluded.assigned_at,
                "updated_at": func.now(),
            },
            where=stmt.excluded.assigned_at >= week_cases.c.assigned_at,
        )
    )


def weekly_counts(tx: UnitOfWork, week: date, subcategory_code: str = "") -> list[WeeklyCount]:
    """Cases per sub-category received in ``week`` (sub-categories without cases are absent)."""
    stmt = (
        select(week_cases.c.subcategory_code, func.count())
        .where(week_cases.c.week == week)
        .group_by(week_cases.c.subcategory_code)
        .order_by(week_cases.c.subcategory_code)
    )
    if subcategory_code:
        stmt = stmt.where(week_cases.c.subcategory_code == subcategory_code)
    return [WeeklyCount(code, week, count) for code, count in tx.session.execute(stmt)]


def week_case_numbers(tx: UnitOfWork, week: date, subcategory_code: str) -> list[str]:
    """The dashboard drill-down: case numbers of one sub-category and week, in order of receipt."""
    stmt = (
        select(week_cases.c.case_number)
        .where(week_cases.c.subcategory_code == subcategory_code, week_cases.c.week == week)
        .order_by(week_cases.c.received_at, week_cases.c.case_number)
    )
    return list(tx.session.execute(stmt).scalars())


def record_deadline_set(tx: UnitOfWork, event: CloudEvent, source: str) -> None:
    """A deadline opened (or re-opened): keep its rule, subject, agency and due instant.

    A ``deadline_met`` that happened after this opening (delivered first) stays met; re-opening after the
    deadline was met clears ``met_at``.
    """
    msg = event.message(deadlines_pb2.DeadlineSet)
    if not msg.rule or not msg.subject:
        raise UnusableEvent("deadline_set needs rule and subject")
    opened_at = from_timestamp(msg.opened_at) or _event_time(event)
    stmt = pg_insert(deadlines).values(
        rule=msg.rule, subject=msg.subject, source=source, agency_code=msg.agency_code,
        due=from_timestamp(msg.due), opened_at=opened_at, met_at=None,
    )
    kept_met_at = func.nullif(  # met_at survives only if it is at or after this opening
        func.greatest(deadlines.c.met_at, stmt.excluded.opened_at), stmt.excluded.opened_at
    )
    tx.session.execute(
        stmt.on_conflict_do_update(
            index_elements=[deadlines.c.rule, deadlines.c.subject],
            set_={
                "source": stmt.excluded.source,
                "agency_code": stmt.excluded.agency_code,
                "due": stmt.excluded.due,
                "opened_at": stmt.excluded.opened_at,
                "met_at": kept_met_at,
            },
            where=(deadlines.c.opened_at.is_(None)) | (stmt.excluded.opened_at >= deadlines.c.opened_at),
        )
    )


def record_deadline_met(tx: UnitOfWork, event: CloudEvent, source: str) -> None:
    """The action a deadline waited for happened; a ``deadline_met`` arriving before its
    ``deadline_set`` still records the row (due from the event, opened_at unknown until it arrives)."""
    msg = event.message(deadlines_pb2.DeadlineMet)
    if not msg.rule or not msg.subject:
        raise UnusableEvent("deadline_met needs rule and subject")
    met_at = from_timestamp(msg.met_at) or _event_time(event)
    stmt = pg_insert(deadlines).values(
        rule=msg.rule, subject=msg.subject, source=source, agency_code=msg.agency_code,
        due=from_timestamp(msg.due), opened_at=None, met_at=met_at,
    )
    tx.session.execute(
        stmt.on_conflict_do_update(
            index_elements=[deadlines.c.rule, deadlines.c.subject],
            set_={"met_at": stmt.excluded.met_at},
            where=deadlines.c.met_at.is_(None),
        )
    )


def get_deadline(tx: UnitOfWork, rule: str, subject: str):
    return tx.session.execute(
        select(deadlines).where(deadlines.c.rule == rule, deadlines.c.subject == subject)
    ).first()


MAX_DEADLINES = 500


def list_deadlines(tx: UnitOfWork, *, agency_code: str = "", subject: str = "", open_only: bool = False,
                   limit: int = MAX_DEADLINES) -> list:
    """Deadlines soonest due first (unknown due last); open only = not met yet (uses the partial index)."""
    stmt = select(deadlines).order_by(deadlines.c.due.asc().nulls_last(), deadlines.c.subject, deadlines.c.rule)
    if agency_code:
        stmt = stmt.where(deadlines.c.agency_code == agency_code)
    if subject:
        stmt = stmt.where(deadlines.c.subject == subject)
    if open_only:
        stmt = stmt.where(deadlines.c.met_at.is_(None))
    limit = MAX_DEADLINES if limit <= 0 else min(limit, MAX_DEADLINES)
    return list(tx.session.execute(stmt.limit(limit)))
