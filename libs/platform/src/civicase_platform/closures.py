"""Administrator closure days (typhoon 停班) as every service sees them ("Calendar (closures)").

alerts owns the list (``DeclareClosure``) and announces each new day as ``closure_declared``; every
service that counts deadlines keeps its own copy in a ``closure_days`` table (``define_closure_table``
plus a migration using ``closure_columns``), fills it with ``record_closure`` from that event, and
counts with ``ClosureCalendar`` — an :class:`OfficeCalendar` with the recorded closures, cached briefly.

Scope: a closure is declared for the whole city (``"city"``) or one district (its name). Only
whole-city closures change the office calendar for now; district closures are recorded (so nothing is
lost) but not applied until cases carry the district they are handled in.

A closure on a day that is already off changes nothing; a closure only moves a deadline whose counting
window contains the closed day (``window_contains``): strictly after the start's date, on or before
the due's date.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Column, Date, DateTime, MetaData, String, Table, Text, event, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase_platform.calendar import TAIPEI, OfficeCalendar
from civicase_platform.errors import InvalidInput
from civicase_platform.grpc_support import from_timestamp

T = TypeVar("T")

CITY = "city"
#: How long a service reuses the closure days it read (seconds); a new closure recorded by this process
#: clears the cache at once, one recorded by another instance is seen within this time.
CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class Closure:
    day: date
    scope: str
    reason: str
    declared_by: str
    declared_at: datetime

    @property
    def applies_citywide(self) -> bool:
        return self.scope == CITY


def closure_from_event(msg) -> Closure:
    """alerts' ``closure_declared`` message (civicase.alerts.v1.ClosureDeclared) as a Closure."""
    try:
        day = date.fromisoformat(msg.day)
    except ValueError:
        raise InvalidInput(f"closure_declared has no valid day: {msg.day!r}") from None
    declared_at = from_timestamp(msg.declared_at) if msg.HasField("declared_at") else None
    return Closure(day=day, scope=msg.scope or CITY, reason=msg.reason, declared_by=msg.declared_by,
                   declared_at=declared_at or datetime.now(UTC))


def closure_columns() -> list[Column]:
    """The columns of a ``closure_days`` table (for ``define_closure_table`` and migrations)."""
    return [
        Column("day", Date, primary_key=True),
        Column("scope", String(40), primary_key=True),  # "city" or a district name
        Column("reason", Text, nullable=False, default=""),
        Column("declared_by", String(200), nullable=False, default=""),
        Column("declared_at", DateTime(timezone=True), nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


def define_closure_table(metadata: MetaData, name: str = "closure_days") -> Table:
    """A service's table of closure days (unique day + scope)."""
    return Table(name, metadata, *closure_columns())


def record_closure(tx, table: Table, closure: Closure) -> bool:
    """Store ``closure`` in ``table`` in the caller's transaction; True if it was new (idempotent)."""
    inserted = tx.session.execute(
        pg_insert(table).values(day=closure.day, scope=closure.scope, reason=closure.reason,
                                declared_by=closure.declared_by, declared_at=closure.declared_at.astimezone(UTC))
        .on_conflict_do_nothing(index_elements=[table.c.day, table.c.scope])
        .returning(table.c.day)
    ).first()
    if inserted is not None:
        # Cleared now and again once committed: a worker that read the closures between this insert and
        # the commit (without it) must not keep that calendar for the cache time.
        ClosureCalendar.invalidate_all()
        event.listen(tx.session, "after_commit", lambda _session: ClosureCalendar.invalidate_all(), once=True)
    return inserted is not None


def recent_city_closures(tx, table: Table, since: datetime) -> list[date]:
    """Whole-city closure days recorded at or after ``since`` (for a periodic re-check, see the services)."""
    return list(tx.session.execute(
        select(table.c.day).where(table.c.scope == CITY, table.c.recorded_at >= since).order_by(table.c.day)
    ).scalars())


#: How far back ``recheck_recent`` looks (well beyond the calendar cache time).
RECHECK_WINDOW = timedelta(minutes=10)


def recheck_recent(tx, table: Table, move: Callable[[Any, date, OfficeCalendar], T], *,
                   now: datetime | None = None, window: timedelta = RECHECK_WINDOW) -> list[T]:
    """Apply every whole-city closure recorded within ``window`` again through the service's ``move(tx, day,
    calendar)`` — for a deadline opened at the same moment as a closure, or counted by another instance whose
    cached calendar predates it. ``move`` must be idempotent (a deadline already counted with the day stays)."""
    days = recent_city_closures(tx, table, (now or datetime.now(UTC)) - window)
    if not days:
        return []
    calendar = read_calendar(tx, table)
    return [move(tx, day, calendar) for day in days]


def read_calendar(tx, table: Table) -> OfficeCalendar:
    """The office calendar with the whole-city closures in ``table`` (read now, in ``tx``)."""
    days = tx.session.execute(select(table.c.day).where(table.c.scope == CITY)).scalars().all()
    return OfficeCalendar(days)


def window_contains(counted_from: datetime, due: datetime, day: date) -> bool:
    """True if closing ``day`` can move a deadline counted from ``counted_from`` and due at ``due``:
    the day is after the start's (Taipei) date — the start's own day never counts — and on or before the
    due's date. A closure after the due, or on the start's own day, changes nothing."""
    return counted_from.astimezone(TAIPEI).date() < day <= due.astimezone(TAIPEI).date()


def start_of_day(day: date) -> datetime:
    """00:00 Asia/Taipei of ``day`` (UTC): deadlines due before it cannot contain the day."""
    return datetime.combine(day, datetime.min.time(), tzinfo=TAIPEI).astimezone(UTC)


class ClosureCalendar:
    """``calendar(tx)`` → the office calendar with the recorded whole-city closures, reused for
    ``seconds`` (a closure recorded in this process clears every cache at once)."""

    _instances: weakref.WeakSet[ClosureCalendar] = weakref.WeakSet()
    _lock = threading.Lock()

    def __init__(self, table: Table, seconds: float = CACHE_SECONDS) -> None:
        self.table = table
        self.seconds = seconds
        self._cached: tuple[float, OfficeCalendar] | None = None
        with self._lock:
            self._instances.add(self)

    def __call__(self, tx) -> OfficeCalendar:
        cached = self._cached
        if cached is not None and time.monotonic() - cached[0] < self.seconds:
            return cached[1]
        calendar = read_calendar(tx, self.table)
        self._cached = (time.monotonic(), calendar)
        return calendar

    def invalidate(self) -> None:
        self._cached = None

    @classmethod
    def invalidate_all(cls) -> None:
        with cls._lock:
            for instance in list(cls._instances):
                instance.invalidate()
