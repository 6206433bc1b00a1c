"""Unit tests of the weekly volume rules (WARN-1 weeks, WARN-2 dashboard requests): no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from alerts.volume import receipt_week, week_query
from civicase_platform.errors import InvalidInput

NOW = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)  # Wednesday 2026-03-04 11:00 Taipei


class TestReceiptWeek:
    def test_a_case_received_after_utc_midnight_sunday_counts_in_the_taipei_monday_week_warn_1(self):
        # 2026-03-01T16:30Z is Monday 2026-03-02 00:30 in Taipei: the new week, not Sunday's.
        assert receipt_week(datetime(2026, 3, 1, 16, 30, tzinfo=UTC)) == date(2026, 3, 2)

    def test_the_last_second_of_sunday_in_taipei_still_counts_in_the_previous_week_warn_1(self):
        assert receipt_week(datetime(2026, 3, 1, 15, 59, 59, tzinfo=UTC)) == date(2026, 2, 23)

    def test_a_naive_receipt_time_is_refused(self):
        with pytest.raises(ValueError):
            receipt_week(datetime(2026, 3, 2, 9, 0))


class TestWeekQuery:
    def test_an_empty_week_means_the_current_week_in_taipei_warn_2(self):
        assert week_query("", "", now=NOW).week == date(2026, 3, 2)

    def test_the_current_week_follows_taipei_midnight_not_utc(self):
        sunday_night_utc = datetime(2026, 3, 8, 16, 1, tzinfo=UTC)  # Monday 00:01 Taipei
        assert week_query("", "", now=sunday_night_utc).week == date(2026, 3, 9)

    def test_a_monday_is_taken_as_given_and_the_subcategory_is_upper_cased(self):
        query = week_query(" illegal_parking ", "2026-02-23", now=NOW)
        assert (query.subcategory_code, query.week) == ("ILLEGAL_PARKING", date(2026, 2, 23))

    def test_a_week_that_is_not_a_monday_is_refused_naming_its_monday(self):
        with pytest.raises(InvalidInput, match=r"2026-02-25 is a Wednesday.*2026-02-23"):
            week_query("", "2026-02-25", now=NOW)

    @pytest.mark.parametrize("week", ["2026-2-23", "23/02/2026", "2026-02-30", "last week"])
    def test_a_week_not_written_as_a_date_is_refused(self, week):
        with pytest.raises(InvalidInput, match="week"):
            week_query("", week, now=NOW)

    def test_every_problem_is_named_at_once(self):
        with pytest.raises(InvalidInput) as info:
            week_query("no spaces!", "2026-02-24", now=NOW)
        assert "subcategory_code" in str(info.value) and "week" in str(info.value)

    def test_the_drill_down_requires_a_subcategory(self):
        with pytest.raises(InvalidInput, match="subcategory_code"):
            week_query("", "2026-02-23", now=NOW, subcategory_required=True)
