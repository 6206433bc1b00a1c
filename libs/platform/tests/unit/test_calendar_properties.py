"""The calendar's counts against a slow, obviously-correct oracle built straight on the holidays
package (REQUIREMENTS "Precise semantics": N working days, N calendar days, office hours)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from civicase_platform.calendar import TAIPEI, OfficeCalendar

PACKAGE = holidays.country_holidays("TW", years=range(2023, 2030))
PERIODS = (((8, 30), (12, 30)), ((13, 30), (17, 30)))


def oracle_working(d: date, closures: frozenset[date]) -> bool:
    return PACKAGE.is_working_day(d) and d not in closures


def oracle_office_seconds(a: datetime, b: datetime, closures: frozenset[date]) -> int:
    """Office time between two Taipei instants, summed period by period."""
    total = 0
    d = a.date()
    while d <= b.date():
        if oracle_working(d, closures):
            for (h1, m1), (h2, m2) in PERIODS:
                lo = max(a, datetime(d.year, d.month, d.day, h1, m1, tzinfo=TAIPEI))
                hi = min(b, datetime(d.year, d.month, d.day, h2, m2, tzinfo=TAIPEI))
                total += max(0, int((hi - lo).total_seconds()))
        d += timedelta(days=1)
    return total


any_instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 30)).map(
    lambda dt: dt.replace(microsecond=0, tzinfo=TAIPEI)
)
# Half-hour marks hit the period edges (08:30, 12:30, 13:30, 17:30) that the rules single out.
aligned_instants = st.tuples(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)), st.integers(0, 47)).map(
    lambda t: datetime(t[0].year, t[0].month, t[0].day, t[1] // 2, t[1] % 2 * 30, tzinfo=TAIPEI)
)
instants = st.one_of(any_instants, aligned_instants)
closure_sets = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=6)
# Closures near the event make them bite more often.
near_closures = st.tuples(instants, st.lists(st.integers(0, 20), max_size=5)).map(
    lambda t: (t[0], frozenset(t[0].date() + timedelta(days=k) for k in t[1]))
)
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)


@SETTINGS
@given(event=near_closures, extra=closure_sets, n=st.integers(1, 40))
def test_working_days_due_is_17_30_on_the_nth_working_day_after_the_event(event, extra, n):
    start, near = event
    closures = near | extra
    due = OfficeCalendar(closures).add_working_days(start, n)
    assert due.timetz() == datetime(2000, 1, 1, 17, 30, tzinfo=TAIPEI).timetz()
    assert oracle_working(due.date(), closures)
    between = [start.date() + timedelta(days=i) for i in range(1, (due.date() - start.date()).days + 1)]
    assert sum(oracle_working(d, closures) for d in between) == n


@SETTINGS
@given(event=near_closures, n=st.integers(1, 60))
def test_calendar_days_due_is_the_end_of_day_n_or_of_the_next_working_day(event, n):
    start, closures = event
    due = OfficeCalendar(closures).add_calendar_days(start, n)
    day_n = start.date() + timedelta(days=n)
    assert (due.hour, due.minute, due.second) == (23, 59, 59)
    assert due.date() >= day_n
    assert oracle_working(due.date(), closures)
    skipped = [day_n + timedelta(days=i) for i in range((due.date() - day_n).days)]
    assert not any(oracle_working(d, closures) for d in skipped)


@SETTINGS
@given(
    event=near_closures,
    seconds=st.one_of(st.integers(1, 30 * 3600), st.integers(1, 60).map(lambda k: k * 1800)),
)
def test_office_hours_due_is_the_first_instant_with_that_much_office_time(event, seconds):
    start, closures = event
    due = OfficeCalendar(closures).add_office_hours(start, timedelta(seconds=seconds))
    assert oracle_office_seconds(start, due, closures) == seconds
    assert oracle_office_seconds(start, due - timedelta(seconds=1), closures) == seconds - 1
