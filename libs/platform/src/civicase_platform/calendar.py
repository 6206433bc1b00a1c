"""Taipei's office calendar and every deadline the rules define (REQUIREMENTS "Precise semantics").

A *working day* is a date that ``holidays.country_holidays("TW")`` (default categories only) treats as
one — weekends and public holidays off, make-up Saturdays (補班) on — minus the closure days an
administrator declared (typhoon 停班). A closure on a day that is already off changes nothing.
Office hours are 08:30–12:30 and 13:30–17:30, Asia/Taipei, on working days.

Conventions shared by every function here:

* Instants are timezone-aware ``datetime``s; they are converted to Asia/Taipei before anything is
  counted, so the *date* of an event is its Taipei date. A naive datetime is a ``ValueError``.
* Sub-second parts of an input instant are dropped before counting (deadlines are whole seconds);
  seconds themselves carry through office-hour counts.
* Results are aware datetimes in Asia/Taipei (offset +08:00).
* Counts (days) are integers ≥ 1; durations (office hours) are positive and whole seconds.
* Only dates in the years the holiday data covers (``FIRST_YEAR``..``LAST_YEAR``) can be counted
  over; going outside them is a ``ValueError`` rather than a silently holiday-free calendar.

Rule → function (dispatch in :func:`deadline`, IDs from REQUIREMENTS.md):
PET-7.3 (1: masking by the next working day), PET-7.4 and PET-11.3-return (6), WARN-3.1 (3),
APP-11/working (n) → :meth:`OfficeCalendar.add_working_days`;
PET-7.4-B (30), APP-11/calendar (n) → :meth:`OfficeCalendar.add_calendar_days`;
PET-9.2 (4 h) → :meth:`OfficeCalendar.add_office_hours`;
PET-11.3 (8 h) and PET-11.3-escalated (16 h) → office hours from 08:30 of the next working day;
PET-14.1 → :meth:`OfficeCalendar.monthly_report_due`; PET-14.2 → :meth:`OfficeCalendar.quarterly_report_due`.

The only I/O is the ``holidays`` package, read once per year and cached for the process.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo

import holidays

TAIPEI = ZoneInfo("Asia/Taipei")

#: Office periods, as (start, end) seconds after local midnight: 08:30–12:30 and 13:30–17:30.
OFFICE_PERIODS: tuple[tuple[int, int], ...] = (
    (8 * 3600 + 30 * 60, 12 * 3600 + 30 * 60),
    (13 * 3600 + 30 * 60, 17 * 3600 + 30 * 60),
)
OFFICE_DAY_SECONDS = sum(end - start for start, end in OFFICE_PERIODS)  # 8 hours
OFFICE_DAY_START = time(8, 30)
#: Deadlines counted in working days fall due at the close of office on the last day.
CLOSE_OF_OFFICE = time(17, 30)
#: Deadlines counted in calendar days or "by the 10th" fall due at the end of the day.
END_OF_DAY = time(23, 59, 59)

_TW_RANGE = holidays.country_holidays("TW")  # populates nothing until asked: used for its year range
FIRST_YEAR: int = _TW_RANGE.start_year
LAST_YEAR: int = _TW_RANGE.end_year
_LAST_ORDINAL = date(LAST_YEAR, 12, 31).toordinal()

#: The rule IDs :func:`deadline` knows, with what each one counts.
RULES: dict[str, str] = {
    "PET-7.4": "processing time limit: 17:30 on the 6th working day after the event",
    "PET-7.4-B": "level-B limit: end of the 30th calendar day after the event (moved to a working day)",
    "PET-9.2": "jurisdiction answer: 4 office hours from the notice",
    "PET-11.3": "first unsatisfied evaluation: 8 office hours from 08:30 of the next working day",
    "PET-11.3-escalated": "escalated evaluation: 16 office hours from 08:30 of the next working day",
    "PET-11.3-return": "evaluation after a return: 17:30 on the 6th working day after the answer",
    "WARN-3.1": "early-warning analysis form: 17:30 on the 3rd working day after the warning",
    "PET-14.1": "monthly report for the month containing the instant: end of the 10th of the next month",
    "PET-14.2": "quarterly report for the quarter containing the instant: end of the 10th of the next quarter",
    "APP-11": "service time limit: n working days (17:30) or n calendar days (end of day) after the event",
    "PET-7.3": "masking of a reply and its case: 17:30 on the next working day after the reply",
}
APP11_UNITS = ("working", "calendar")


# year -> (ordinals of the days off, sorted ordinals of the working days), by the package alone.
_YEARS: dict[int, tuple[frozenset[int], list[int]]] = {}


def _year(year: int) -> tuple[frozenset[int], list[int]]:
    """The package's days off and working days of ``year`` (an in-range year), cached per process.

    The neighbouring years are populated too: a make-up Saturday can be declared in the data of the
    year of the holiday it pays for (2015's 2 January was paid for on Saturday 2014-12-27).
    """
    found = _YEARS.get(year)
    if found is None:
        package = holidays.country_holidays("TW", years=(year - 1, year, year + 1))
        days = range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)
        off = frozenset(o for o in days if not package.is_working_day(date.fromordinal(o)))
        found = _YEARS[year] = (off, [o for o in days if o not in off])
    return found


def _package_off(ordinal: int) -> bool:
    return ordinal in _year(date.fromordinal(ordinal).year)[0]


def _nth_package_working_after(ordinal: int, n: int) -> int:
    """Ordinal of the ``n``-th (≥ 1) working day by the package strictly after ``ordinal``."""
    if n > _LAST_ORDINAL - ordinal:
        _beyond_last_year()
    year = date.fromordinal(ordinal).year
    working = _year(year)[1]
    i = bisect.bisect_right(working, ordinal)
    while n > len(working) - i:
        n -= len(working) - i
        year += 1
        if year > LAST_YEAR:
            _beyond_last_year()
        working, i = _year(year)[1], 0
    return working[i + n - 1]


def _check_in_range(d: date) -> None:
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise ValueError(
            f"{d.isoformat()} is outside the years the Taiwan holiday calendar covers "
            f"({FIRST_YEAR}–{LAST_YEAR}); deadlines can only be counted within them"
        )


def _beyond_last_year() -> NoReturn:
    raise ValueError(
        f"the deadline would fall after {LAST_YEAR}, beyond the years the Taiwan holiday calendar "
        f"covers ({FIRST_YEAR}–{LAST_YEAR})"
    )


def to_taipei(instant: datetime) -> datetime:
    """``instant`` in Asia/Taipei; rejects naive datetimes and non-datetimes."""
    if not isinstance(instant, datetime):
        raise TypeError(f"expected a timezone-aware datetime, got {type(instant).__name__}")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"{instant.isoformat()} has no UTC offset; give an aware datetime "
            "(e.g. 2026-02-13T16:00:00+08:00) so the Taipei date is unambiguous"
        )
    try:
        return instant.astimezone(TAIPEI)
    except OverflowError:
        raise ValueError(
            f"{instant.isoformat()} is outside the years the Taiwan holiday calendar covers ({FIRST_YEAR}–{LAST_YEAR})"
        ) from None


def _local(instant: datetime) -> datetime:
    """Taipei local time of ``instant``, sub-seconds dropped."""
    local = to_taipei(instant)
    if local.microsecond:
        local = local.replace(microsecond=0)
    _check_in_range(local.date())
    return local


def _as_date(d: date) -> date:
    """A plain date; an aware datetime stands for its Taipei date."""
    if isinstance(d, datetime):
        return to_taipei(d).date()
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


def _check_count(n: int, what: str = "n") -> int:
    if isinstance(n, bool):
        raise TypeError(f"{what} must be an integer number of days, not a boolean")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{what} must be an integer number of days, got {n!r}") from None
    if n < 1:
        raise ValueError(f"{what} must be 1 or more days, got {n}")
    return n


def _at(d: date, seconds: int) -> datetime:
    return datetime(d.year, d.month, d.day, seconds // 3600, seconds // 60 % 60, seconds % 60, tzinfo=TAIPEI)


class OfficeCalendar:
    """Working days of Taipei's city offices, with administrator closure days removed."""

    def __init__(self, closures: Iterable[date] = ()) -> None:
        found: set[date] = set()
        for closure in closures:
            if isinstance(closure, datetime) or not isinstance(closure, date):
                raise TypeError(f"closures must be dates, got {closure!r}")
            found.add(closure)
        self._closures = frozenset(found)
        self._closure_ordinals = frozenset(d.toordinal() for d in found)

    @property
    def closures(self) -> frozenset[date]:
        return self._closures

    def __repr__(self) -> str:
        return f"OfficeCalendar(closures={sorted(self._closures)!r})"

    # -- days -------------------------------------------------------------------------------------

    def _working(self, d: date) -> bool:
        """Fast path: ``d`` is a plain date already known to be in range."""
        ordinal = d.toordinal()
        return ordinal not in _year(d.year)[0] and ordinal not in self._closure_ordinals

    def _nth_working_after(self, ordinal: int, n: int) -> int:
        """Ordinal of the ``n``-th (≥ 1) working day strictly after ``ordinal``, closures honoured."""
        while True:
            target = _nth_package_working_after(ordinal, n)
            # Closures that took a package working day in (ordinal, target] push the end further:
            # that many more working days are needed after target.
            n = sum(1 for c in self._closure_ordinals if ordinal < c <= target and not _package_off(c))
            if n == 0:
                return target
            ordinal = target

    def _next_working(self, d: date) -> date:
        return date.fromordinal(self._nth_working_after(d.toordinal(), 1))

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` (a date, or an aware datetime's Taipei date) is a working day."""
        d = _as_date(d)
        _check_in_range(d)
        return self._working(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d`` (a date, or an aware datetime's Taipei date)."""
        d = _as_date(d)
        _check_in_range(d)
        return self._next_working(d)

    def _end_of_day_or_next_working(self, d: date) -> datetime:
        """23:59:59 of ``d``, or of the next working day if ``d`` is not one (APA art. 48; PET-14)."""
        _check_in_range(d)
        if not self._working(d):
            d = self._next_working(d)
        return datetime.combine(d, END_OF_DAY, tzinfo=TAIPEI)

    # -- deadlines --------------------------------------------------------------------------------

    def add_working_days(self, instant: datetime, n: int) -> datetime:
        """17:30 of working day ``n`` after the event (PET-7.4, PET-11.3-return, WARN-3.1, APP-11).

        The event's own (Taipei) date never counts, whatever the hour and whether or not it is a
        working day: day 1 is the first working day after it.
        """
        n = _check_count(n)
        day = date.fromordinal(self._nth_working_after(_local(instant).date().toordinal(), n))
        return datetime.combine(day, CLOSE_OF_OFFICE, tzinfo=TAIPEI)

    def add_calendar_days(self, instant: datetime, n: int) -> datetime:
        """23:59:59 of calendar day ``n`` after the event (PET-7.4-B, APP-11).

        Day 1 is the day after the event; if day ``n`` is not a working day the deadline moves to
        the end of the next working day (Administrative Procedure Act art. 48).
        """
        n = _check_count(n)
        ordinal = _local(instant).date().toordinal() + n
        if ordinal > _LAST_ORDINAL:
            _beyond_last_year()
        return self._end_of_day_or_next_working(date.fromordinal(ordinal))

    def add_office_hours(self, instant: datetime, hours: float | timedelta) -> datetime:
        """The instant ``hours`` of office time after ``instant`` (PET-9.2, PET-11.3).

        The clock runs only 08:30–12:30 and 13:30–17:30 on working days. Outside them it starts at
        the next office-period start. A count that ends exactly at 12:30 or 17:30 is due then, not at
        the start of the next period. ``hours`` is a number of hours or a ``timedelta``; it must be
        positive and a whole number of seconds.
        """
        if isinstance(hours, bool):
            raise TypeError("hours must be a number of hours or a timedelta, not a boolean")
        duration = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
        if duration <= timedelta(0):
            raise ValueError(f"hours must be positive, got {duration}")
        if duration.microseconds:
            raise ValueError(f"hours must be a whole number of seconds, got {duration}")
        remaining = duration.days * 86400 + duration.seconds

        local = _local(instant)
        d = local.date()
        clock = local.hour * 3600 + local.minute * 60 + local.second
        while True:
            if self._working(d):
                if clock <= OFFICE_PERIODS[0][0] and remaining > OFFICE_DAY_SECONDS:
                    remaining -= OFFICE_DAY_SECONDS  # a whole office day; skip it at once
                else:
                    for start, end in OFFICE_PERIODS:
                        if clock >= end:
                            continue
                        begin = max(clock, start)
                        if remaining <= end - begin:
                            return _at(d, begin + remaining)
                        remaining -= end - begin
                        clock = end
            d = self._next_working(d)
            clock = 0

    def monthly_report_due(self, instant: datetime) -> datetime:
        """PET-14.1: the report on the month containing ``instant`` is due by the 10th of the next
        month, end of day, moved to the end of the next working day if the 10th is not one."""
        local = _local(instant)
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        return self._end_of_day_or_next_working(date(year, month, 10))

    def quarterly_report_due(self, instant: datetime) -> datetime:
        """PET-14.2: the report on the quarter containing ``instant`` is due by the 10th of the first
        month of the next quarter (January, April, July, October), moved like PET-14.1."""
        local = _local(instant)
        month = (local.month - 1) // 3 * 3 + 4
        year, month = (local.year + 1, 1) if month > 12 else (local.year, month)
        return self._end_of_day_or_next_working(date(year, month, 10))

    def office_hours_from_next_working_day(self, instant: datetime, hours: float | timedelta) -> datetime:
        """PET-11.3: ``hours`` of office time starting 08:30 of the first working day after the event."""
        start = self.next_working_day(_local(instant).date())
        return self.add_office_hours(datetime.combine(start, OFFICE_DAY_START, tzinfo=TAIPEI), hours)


DEFAULT_CALENDAR = OfficeCalendar()


def deadline(
    rule: str,
    start: datetime,
    *,
    n: int | None = None,
    unit: str | None = None,
    calendar: OfficeCalendar | None = None,
) -> datetime:
    """The due instant of ``rule`` (an ID in :data:`RULES`) for an event at ``start``.

    ``n`` and ``unit`` ("working" or "calendar") are required for APP-11 and refused for the others.
    ``calendar`` carries the closure days to honour (none by default).
    """
    cal = calendar or DEFAULT_CALENDAR
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; known rules: {', '.join(RULES)}")
    if rule != "APP-11" and (n is not None or unit is not None):
        raise ValueError(f"n and unit apply only to APP-11, not to {rule}")
    if rule == "PET-7.3":
        return cal.add_working_days(start, 1)
    if rule == "PET-7.4":
        return cal.add_working_days(start, 6)
    if rule == "PET-7.4-B":
        return cal.add_calendar_days(start, 30)
    if rule == "PET-9.2":
        return cal.add_office_hours(start, 4)
    if rule == "PET-11.3":
        return cal.office_hours_from_next_working_day(start, 8)
    if rule == "PET-11.3-escalated":
        return cal.office_hours_from_next_working_day(start, 16)
    if rule == "PET-11.3-return":
        return cal.add_working_days(start, 6)
    if rule == "WARN-3.1":
        return cal.add_working_days(start, 3)
    if rule == "PET-14.1":
        return cal.monthly_report_due(start)
    if rule == "PET-14.2":
        return cal.quarterly_report_due(start)
    # APP-11
    if n is None:
        raise ValueError("APP-11 needs n, the service's time limit in days (an integer, 1 or more)")
    if unit not in APP11_UNITS:
        raise ValueError(f"APP-11 needs unit 'working' or 'calendar', got {unit!r}")
    if unit == "working":
        return cal.add_working_days(start, n)
    return cal.add_calendar_days(start, n)
