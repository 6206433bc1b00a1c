"""PET-7.4 and PET-7.4-B: which deadline a case gets and when it falls due, on real 2026 dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from civicase_platform.calendar import OfficeCalendar
from reply.domain.deadlines import LEVEL_B_RULE, PROCESSING_RULE, level_b_deadline, processing_deadline

TAIPEI = ZoneInfo("Asia/Taipei")


def taipei(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(TAIPEI)


class TestProcessingDeadline:
    """PET-7.4: 6 working days from the assignment; the day of the assignment never counts."""

    def test_assigned_before_lunar_new_year_is_due_17_30_on_the_sixth_working_day_after_it(self):
        # Fri 13 Feb 2026 16:00; 14–22 Feb off (Lunar New Year), 27 Feb off (228 observed):
        # day 1..6 = 23, 24, 25, 26 Feb, 2, 3 Mar.
        deadline = processing_deadline(taipei("2026-02-13T16:00:00+08:00"))
        assert deadline.rule == PROCESSING_RULE == "PET-7.4"
        assert deadline.due == taipei("2026-03-03T17:30:00+08:00")

    def test_due_is_stored_in_utc(self):
        deadline = processing_deadline(taipei("2026-02-13T16:00:00+08:00"))
        assert deadline.due.tzinfo is UTC
        assert deadline.due == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
        assert deadline.counted_from == datetime(2026, 2, 13, 8, 0, tzinfo=UTC)

    @pytest.mark.parametrize("hour", ["00:00:01", "08:29:59", "17:30:00", "23:59:59"])
    def test_hour_of_the_assignment_does_not_matter(self, hour):
        deadline = processing_deadline(taipei(f"2026-02-13T{hour}+08:00"))
        assert deadline.due == taipei("2026-03-03T17:30:00+08:00")

    def test_assignment_during_the_holiday_starts_counting_on_the_next_working_day(self):
        # Tue 17 Feb 2026 is a Lunar New Year holiday: day 1 is Mon 23 Feb, same as from 13 Feb.
        deadline = processing_deadline(taipei("2026-02-17T10:00:00+08:00"))
        assert deadline.due == taipei("2026-03-03T17:30:00+08:00")

    def test_assignment_on_the_first_working_day_after_the_holiday_counts_from_the_next_day(self):
        # Mon 23 Feb: day 1..6 = 24, 25, 26 Feb, 2, 3, 4 Mar.
        deadline = processing_deadline(taipei("2026-02-23T09:00:00+08:00"))
        assert deadline.due == taipei("2026-03-04T17:30:00+08:00")

    def test_utc_instant_late_in_the_evening_counts_by_its_taipei_date(self):
        # 2026-02-22T17:00Z is Mon 23 Feb 01:00 in Taipei.
        deadline = processing_deadline(datetime(2026, 2, 22, 17, 0, tzinfo=UTC))
        assert deadline.due == taipei("2026-03-04T17:30:00+08:00")

    def test_a_declared_closure_day_pushes_the_deadline(self):
        typhoon = OfficeCalendar(closures=[date(2026, 2, 24)])
        deadline = processing_deadline(taipei("2026-02-13T16:00:00+08:00"), typhoon)
        assert deadline.due == taipei("2026-03-04T17:30:00+08:00")


class TestLevelBDeadline:
    """PET-7.4-B: 30 calendar days from the assignment, end of day, moved to a working day."""

    def test_day_30_on_a_sunday_moves_to_the_end_of_monday(self):
        # 13 Feb + 30 days = Sun 15 Mar 2026 -> Mon 16 Mar 23:59:59.
        deadline = level_b_deadline(taipei("2026-02-13T16:00:00+08:00"))
        assert deadline.rule == LEVEL_B_RULE == "PET-7.4-B"
        assert deadline.due == taipei("2026-03-16T23:59:59+08:00")

    def test_day_30_on_a_working_day_is_due_at_its_end(self):
        # 23 Feb + 30 days = Wed 25 Mar 2026.
        deadline = level_b_deadline(taipei("2026-02-23T09:00:00+08:00"))
        assert deadline.due == taipei("2026-03-25T23:59:59+08:00")

    def test_counts_from_the_assignment_not_from_the_level_b_reply(self):
        assigned = taipei("2026-02-13T16:00:00+08:00")
        assert level_b_deadline(assigned).counted_from == assigned.astimezone(UTC)
