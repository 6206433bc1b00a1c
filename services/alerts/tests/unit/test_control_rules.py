"""Unit tests of the time-limit control rules (PET-4, PET-14.3) and the analysis form's timing and routing
(WARN-3.1, WARN-3.2), and of the aggregate form of WARN-1 used by the database evaluation.

Calendar: Friday 2026-02-27 is a day off (228 observed); 2026-02-26 is a Thursday, 2026-03-02 a Monday.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from alerts.domain.control import (
    DUE_TODAY,
    OVERDUE,
    UPCOMING,
    analysis_form_due,
    bucket,
    form_routing,
    horizon,
    previous_working_day,
    reminder_due,
)
from alerts.domain.early_warning import TAIPEI, evaluate_aggregates, evaluate_counts
from civicase_platform.calendar import OfficeCalendar

CAL = OfficeCalendar()


def taipei(month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=TAIPEI)


class TestBoardBucketsPET143:
    def test_the_horizon_skips_weekends_and_holidays(self):
        assert horizon(date(2026, 2, 26), 1, CAL) == date(2026, 3, 2)
        assert horizon(date(2026, 2, 26), 2, CAL) == date(2026, 3, 3)

    def test_overdue_today_and_upcoming_are_exact_to_the_second_and_the_day(self):
        now = taipei(2, 26, 10)
        last = horizon(now.date(), 1, CAL)
        assert bucket(taipei(2, 26, 9, 59, 59), now, last) == OVERDUE
        assert bucket(taipei(2, 26, 10), now, last) == DUE_TODAY
        assert bucket(taipei(2, 26, 23, 59, 59), now, last) == DUE_TODAY
        assert bucket(taipei(3, 2, 23, 59, 59), now, last) == UPCOMING
        assert bucket(taipei(3, 3, 0), now, last) is None

    def test_a_due_instant_given_in_utc_is_bucketed_by_its_taipei_date(self):
        now = taipei(2, 26, 10)
        # 2026-02-26T16:30Z is Friday 00:30 in Taipei: not today.
        assert bucket(datetime(2026, 2, 26, 16, 30, tzinfo=UTC), now, date(2026, 2, 26)) is None


class TestRemindersPET143:
    def test_the_previous_working_day_of_a_monday_after_a_holiday_friday_is_thursday(self):
        assert previous_working_day(date(2026, 3, 2), CAL) == date(2026, 2, 26)

    def test_the_reminder_is_due_from_the_working_day_before_until_the_deadline(self):
        due = taipei(3, 2, 17, 30)
        assert not reminder_due(due, taipei(2, 25, 23, 59, 59), CAL)
        assert reminder_due(due, taipei(2, 26, 0), CAL)
        assert reminder_due(due, taipei(3, 2, 17, 29, 59), CAL)
        assert not reminder_due(due, due, CAL)


class TestAnalysisFormWARN31And32:
    def test_the_form_is_due_1730_on_the_third_working_day_after_the_warning(self):
        # Warning Thursday 02-26: day 1 = Monday 03-02 (Friday is off), day 3 = Wednesday 03-04.
        assert analysis_form_due(taipei(2, 26, 9), CAL) == taipei(3, 4, 17, 30)
        # A warning on a Sunday counts from Monday.
        assert analysis_form_due(taipei(3, 1, 0, 5), CAL) == taipei(3, 4, 17, 30)

    def test_two_weeks_in_a_row_go_to_the_head_and_a_second_level_agencys_superior(self):
        assert form_routing(1, "PWD") == form_routing(1, "")
        assert (form_routing(1, "PWD").route_to_head, form_routing(1, "PWD").superior_agency_code) == (False, "")
        assert (form_routing(2, "PWD").route_to_head, form_routing(2, "PWD").superior_agency_code) == (True, "PWD")
        assert (form_routing(3, "").route_to_head, form_routing(3, "").superior_agency_code) == (True, "")


def test_the_aggregate_form_of_warn_1_agrees_with_the_per_week_form():
    """WARN-1: sums over the full window (zeros before the first case) give the same verdict."""
    rng = random.Random(1)
    week = date(2025, 3, 3)
    for _ in range(300):
        first_back = rng.randint(1, 70)
        counts = {week - timedelta(weeks=k): rng.choice([0, 0, 1, 2, 3, 8]) for k in range(1, first_back + 1)}
        counts[week - timedelta(weeks=first_back)] = max(1, counts[week - timedelta(weeks=first_back)])
        counts[week] = rng.randint(0, 15)
        first = week - timedelta(weeks=first_back)
        window = [c for w, c in counts.items() if week - timedelta(weeks=52) <= w < week]
        expected = evaluate_counts(counts, first, week)
        got = evaluate_aggregates(week, counts[week], first, sum(window), sum(c * c for c in window))
        assert got == expected
