"""Unit tests of the early-warning rule (WARN-1) and the two-weeks-in-a-row helper (WARN-3.2).

Every expected mean / sd / threshold below is worked out by hand in the comments, never copied from the
implementation. Calendar used throughout: 2025-03-03 is a Monday; the evaluated week W runs Monday
2025-03-03 00:00 to Sunday 2025-03-09 24:00 Asia/Taipei (= 2025-03-02T16:00Z .. 2025-03-09T16:00Z).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from alerts.domain.early_warning import (
    WeekEvaluation,
    consecutive_warnings,
    evaluate_counts,
    evaluate_week,
    exceeds_threshold,
    latest_complete_week,
    warning_streak,
    week_start,
)

TAIPEI = ZoneInfo("Asia/Taipei")
W = date(2025, 3, 3)  # the evaluated week (a Monday)


def weeks_before(weeks: int, week: date = W) -> date:
    return week - timedelta(weeks=weeks)


def receipts_in(week: date, how_many: int) -> list[datetime]:
    """``how_many`` receipts on the Wednesday noon (Taipei) of ``week``."""
    wednesday_noon = datetime(week.year, week.month, week.day, 12, 0, tzinfo=TAIPEI) + timedelta(days=2)
    return [wednesday_noon + timedelta(minutes=i) for i in range(how_many)]


def receipts_by_week(counts_oldest_first: list[int], last_baseline_week: date = W) -> list[datetime]:
    """Receipts for consecutive weeks ending the week before ``last_baseline_week``, oldest first."""
    n = len(counts_oldest_first)
    receipts: list[datetime] = []
    for offset, count in enumerate(counts_oldest_first):
        receipts += receipts_in(weeks_before(n - offset, last_baseline_week), count)
    return receipts


class TestWeekBoundariesAsiaTaipei:
    """WARN-1: weeks run Monday 00:00 to Sunday 24:00 Asia/Taipei, by receipt instant."""

    def test_sunday_2359_59_taipei_given_in_utc_belongs_to_that_week(self) -> None:
        # 2025-03-09T15:59:59Z = Sunday 2025-03-09 23:59:59 Taipei -> week of Monday 2025-03-03.
        assert week_start(datetime(2025, 3, 9, 15, 59, 59, tzinfo=UTC)) == date(2025, 3, 3)

    def test_sunday_1630_utc_is_monday_0030_taipei_and_belongs_to_the_next_week(self) -> None:
        # 2025-03-09T16:30Z = Monday 2025-03-10 00:30 Taipei.
        assert week_start(datetime(2025, 3, 9, 16, 30, tzinfo=UTC)) == date(2025, 3, 10)

    def test_monday_midnight_taipei_exactly_starts_the_new_week(self) -> None:
        assert week_start(datetime(2025, 3, 9, 16, 0, 0, tzinfo=UTC)) == date(2025, 3, 10)
        assert week_start(datetime(2025, 3, 10, 0, 0, 0, tzinfo=TAIPEI)) == date(2025, 3, 10)

    def test_instant_with_a_western_offset_is_converted_to_taipei_first(self) -> None:
        # 2025-03-09T11:00-05:00 = 16:00Z = Monday 00:00 Taipei, although it is Sunday in New York.
        new_york_sunday = datetime(2025, 3, 9, 11, 0, tzinfo=timezone(timedelta(hours=-5)))
        assert week_start(new_york_sunday) == date(2025, 3, 10)

    def test_week_start_refuses_a_naive_instant(self) -> None:
        with pytest.raises(ValueError, match="no UTC offset"):
            week_start(datetime(2025, 3, 9, 12, 0))


class TestLatestCompleteWeek:
    """WARN-1: "last week" is the latest week complete at now (now >= next Monday 00:00 Taipei)."""

    def test_now_exactly_monday_0000_taipei_completes_the_week_just_ended(self) -> None:
        assert latest_complete_week(datetime(2025, 3, 10, 0, 0, tzinfo=TAIPEI)) == date(2025, 3, 3)
        assert latest_complete_week(datetime(2025, 3, 9, 16, 0, tzinfo=UTC)) == date(2025, 3, 3)

    def test_one_second_before_monday_0000_taipei_the_week_is_not_yet_complete(self) -> None:
        assert latest_complete_week(datetime(2025, 3, 9, 23, 59, 59, tzinfo=TAIPEI)) == date(2025, 2, 24)
        assert latest_complete_week(datetime(2025, 3, 9, 15, 59, 59, tzinfo=UTC)) == date(2025, 2, 24)

    def test_midweek_now_gives_the_previous_monday_to_sunday(self) -> None:
        assert latest_complete_week(datetime(2025, 3, 12, 9, 0, tzinfo=TAIPEI)) == date(2025, 3, 3)

    def test_latest_complete_week_refuses_a_naive_now(self) -> None:
        with pytest.raises(ValueError):
            latest_complete_week(datetime(2025, 3, 10))


class TestThresholdIsExact:
    """WARN-1: warn when count > mean + 2·sd strictly, with sample sd, decided without float drift."""

    def test_baseline_4_0_0_0_gives_mean_1_sd_2_threshold_5(self) -> None:
        # Weeks W-4..W-1 = 4,0,0,0 (the first case is in W-4, so the baseline is exactly 4 weeks).
        # mean = 4/4 = 1; deviations 3,-1,-1,-1; squares 9+1+1+1 = 12; sample variance 12/3 = 4; sd 2;
        # threshold = 1 + 2*2 = 5.
        result = evaluate_week(receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 5), W)
        assert (result.baseline_weeks, result.mean, result.variance) == (4, Fraction(1), Fraction(4))
        assert (result.mean_float, result.sd, result.threshold) == (1.0, 2.0, 5.0)

    def test_count_equal_to_threshold_5_does_not_warn(self) -> None:
        assert evaluate_week(receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 5), W).warn is False

    def test_count_6_above_threshold_5_warns(self) -> None:
        result = evaluate_week(receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 6), W)
        assert (result.count, result.warn) == (6, True)

    def test_baseline_0_0_0_4_in_that_order_from_weekly_counts(self) -> None:
        # First case long ago, baseline_weeks=4: W-4..W-1 = 0,0,0,4 -> mean 1, sd 2, threshold 5.
        counts = {weeks_before(20): 1, weeks_before(1): 4}
        for count, warns in ((5, False), (6, True)):
            result = evaluate_counts({**counts, W: count}, weeks_before(20), W, baseline_weeks=4)
            assert (result.mean, result.variance, result.threshold, result.warn) == (1, 4, 5.0, warns)

    def test_irrational_threshold_compares_exactly(self) -> None:
        # W-6..W-1 = 6,0,0,0,0,0: mean 1; squares 25+5*1 = 30; variance 30/5 = 6; sd = √6 ≈ 2.449;
        # threshold = 1 + 2√6 ≈ 5.899. 5 does not warn (4² = 16 ≤ 24), 6 warns (5² = 25 > 24).
        baseline = receipts_by_week([6, 0, 0, 0, 0, 0])
        five = evaluate_week(baseline + receipts_in(W, 5), W)
        six = evaluate_week(baseline + receipts_in(W, 6), W)
        assert (five.baseline_weeks, five.mean, five.variance, five.warn) == (6, 1, 6, False)
        assert six.warn is True
        assert five.sd == pytest.approx(math.sqrt(6), rel=1e-15)
        assert five.threshold == pytest.approx(1 + 2 * math.sqrt(6), rel=1e-15)

    def test_flat_baseline_has_sd_0_and_any_higher_count_warns(self) -> None:
        # 2,2,2,2: mean 2, variance 0, threshold 2 -> 2 does not warn, 3 does.
        baseline = receipts_by_week([2, 2, 2, 2])
        assert evaluate_week(baseline + receipts_in(W, 2), W).warn is False
        flat = evaluate_week(baseline + receipts_in(W, 3), W)
        assert (flat.sd, flat.threshold, flat.warn) == (0.0, 2.0, True)

    def test_count_below_the_mean_never_warns(self) -> None:
        # d = count - mean is negative; d² = 100 > 4·variance must not make it warn.
        assert exceeds_threshold(0, Fraction(10), Fraction(1)) is False
        assert exceeds_threshold(13, Fraction(10), Fraction(2)) is True  # 3² = 9 > 8
        assert exceeds_threshold(13, Fraction(10), Fraction(9, 4)) is False  # 9 = 4·9/4, not strictly above

    def test_mean_with_a_repeating_fraction_stays_exact(self) -> None:
        # W-6..W-1 = 1,0,0,1,0,0 -> mean 2/6 = 1/3;
        # Σx² = 2, n·Σx² - (Σx)² = 12 - 4 = 8, variance 8/(6·5) = 4/15.
        result = evaluate_week(receipts_by_week([1, 0, 0, 1, 0, 0]), W)
        assert (result.mean, result.variance) == (Fraction(1, 3), Fraction(4, 15))
        assert result.mean_float == 1 / 3


class TestBaselineWindow:
    """WARN-1: 52 weeks before last week (configurable), from the first-case week on; empty weeks count 0."""

    def test_first_case_mid_window_shortens_the_baseline_to_start_there(self) -> None:
        # First case 10 weeks before W, nothing since: baseline = 10 weeks (not 52): 10,0,...,0.
        # mean 1; squares 81 + 9·1 = 90; variance 90/9 = 10.
        result = evaluate_week(receipts_in(weeks_before(10), 10), W)
        assert (result.baseline_weeks, result.mean, result.variance) == (10, 1, 10)

    def test_first_case_before_the_window_gives_the_full_52_weeks(self) -> None:
        # One case 60 weeks before (outside) and 52 cases 52 weeks before (first baseline week):
        # baseline 52 weeks: 52,0,...,0 -> mean 1, squares 51² + 51·1 = 2652, variance 2652/51 = 52.
        receipts = receipts_in(weeks_before(60), 1) + receipts_in(weeks_before(52), 52)
        result = evaluate_week(receipts, W)
        assert (result.baseline_weeks, result.mean, result.variance) == (52, 1, 52)

    def test_weeks_without_cases_count_as_zero(self) -> None:
        # Cases 8 and 2 weeks before W only: baseline 8 weeks = 4,0,0,0,0,0,4,0 -> mean 8/8 = 1;
        # Σ(x - mean)² = (4-1)²·2 + (0-1)²·6 = 18 + 6 = 24; sample variance 24/7.
        receipts = receipts_in(weeks_before(8), 4) + receipts_in(weeks_before(2), 4)
        result = evaluate_week(receipts, W)
        assert (result.baseline_weeks, result.mean, result.variance) == (8, 1, Fraction(24, 7))

    def test_exactly_3_baseline_weeks_gives_no_statistics_and_no_warning(self) -> None:
        result = evaluate_week(receipts_by_week([1, 1, 1]) + receipts_in(W, 1000), W)
        assert result == WeekEvaluation(W, 1000, 3, None, None, False)
        assert (result.mean_float, result.sd, result.threshold) == (None, None, None)

    def test_exactly_4_baseline_weeks_is_enough_to_warn(self) -> None:
        # 1,1,1,1: mean 1, variance 0, threshold 1 -> 1000 warns.
        result = evaluate_week(receipts_by_week([1, 1, 1, 1]) + receipts_in(W, 1000), W)
        assert (result.baseline_weeks, result.mean, result.variance, result.warn) == (4, 1, 0, True)

    def test_all_cases_in_the_evaluated_week_leave_0_baseline_weeks(self) -> None:
        result = evaluate_week(receipts_in(W, 7), W)
        assert result == WeekEvaluation(W, 7, 0, None, None, False)

    def test_no_cases_at_all_gives_count_0_and_0_baseline_weeks(self) -> None:
        assert evaluate_week([], W) == WeekEvaluation(W, 0, 0, None, None, False)

    def test_first_case_after_the_evaluated_week_leaves_0_baseline_weeks(self) -> None:
        next_week = weeks_before(-1)
        assert evaluate_week(receipts_in(next_week, 3), W) == WeekEvaluation(W, 0, 0, None, None, False)

    def test_cases_after_the_evaluated_week_are_ignored(self) -> None:
        # Same as the 4,0,0,0 example with count 5, plus 100 cases in the following week: still no warning.
        receipts = receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 5) + receipts_in(weeks_before(-1), 100)
        result = evaluate_week(receipts, W)
        assert (result.count, result.baseline_weeks, result.threshold, result.warn) == (5, 4, 5.0, False)

    def test_baseline_weeks_option_limits_the_window(self) -> None:
        # baseline_weeks=5 over history 9,9,9 | 1,1,1,1,5 (oldest first): only W-5..W-1 = 1,1,1,1,5.
        # mean 9/5; Σx² = 4 + 25 = 29; n·Σx² - (Σx)² = 145 - 81 = 64; variance 64/20 = 16/5.
        receipts = receipts_by_week([9, 9, 9, 1, 1, 1, 1, 5])
        result = evaluate_week(receipts, W, baseline_weeks=5)
        assert (result.baseline_weeks, result.mean, result.variance) == (5, Fraction(9, 5), Fraction(16, 5))

    def test_huge_baseline_weeks_is_capped_by_the_first_case_week(self) -> None:
        result = evaluate_week(receipts_by_week([1, 2, 3, 4, 5]), W, baseline_weeks=10**30)
        assert (result.baseline_weeks, result.mean) == (5, 3)

    @pytest.mark.parametrize("bad", [0, -1, True, 2.0, "52"])
    def test_baseline_weeks_must_be_a_positive_integer(self, bad: object) -> None:
        with pytest.raises(ValueError, match="baseline_weeks"):
            evaluate_week([], W, baseline_weeks=bad)  # type: ignore[arg-type]

    def test_naive_receipt_is_refused(self) -> None:
        with pytest.raises(ValueError, match="no UTC offset"):
            evaluate_week([datetime(2025, 3, 4, 12, 0)], W)


class TestReEvaluationIsPure:
    """WARN-1: evaluating a week again gives the same answer (no second, different verdict)."""

    def test_same_inputs_give_equal_evaluations(self) -> None:
        receipts = receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 6)
        assert evaluate_week(receipts, W) == evaluate_week(list(reversed(receipts)), W)
        assert evaluate_week(iter(receipts), W) == evaluate_week(receipts, W)

    def test_weekly_counts_path_agrees_with_the_receipts_path(self) -> None:
        receipts = receipts_by_week([3, 0, 7, 1, 0, 2]) + receipts_in(W, 9)
        counts = {weeks_before(6): 3, weeks_before(4): 7, weeks_before(3): 1, weeks_before(1): 2, W: 9}
        assert evaluate_counts(counts, weeks_before(6), W) == evaluate_week(receipts, W)

    def test_weekly_counts_without_a_first_case_week_has_no_baseline(self) -> None:
        assert evaluate_counts({}, None, W) == WeekEvaluation(W, 0, 0, None, None, False)

    def test_weekly_counts_refuse_a_week_that_is_not_a_monday(self) -> None:
        with pytest.raises(ValueError, match="not a Monday"):
            evaluate_counts({}, None, date(2025, 3, 4))

    def test_output_fields_for_the_command(self) -> None:
        result = evaluate_week(receipts_by_week([4, 0, 0, 0]) + receipts_in(W, 6), W)
        assert result.as_output() == {
            "week": "2025-03-03",
            "count": 6,
            "baseline_weeks": 4,
            "mean": 1.0,
            "sd": 2.0,
            "threshold": 5.0,
            "warn": True,
        }


class TestConsecutiveWarnings:
    """WARN-3.2: a sub-category warning two or more weeks in a row."""

    def test_two_consecutive_warning_weeks_flag_the_second(self) -> None:
        flags = {weeks_before(3): True, weeks_before(2): False, weeks_before(1): True, W: True}
        assert consecutive_warnings(flags) == [W]

    def test_three_in_a_row_flag_the_second_and_third(self) -> None:
        flags = {weeks_before(2): True, weeks_before(1): True, W: True}
        assert consecutive_warnings(flags) == [weeks_before(1), W]
        assert warning_streak(flags, W) == 3

    def test_warnings_with_a_gap_week_are_not_in_a_row(self) -> None:
        flags = {weeks_before(2): True, W: True}  # W-1 missing: not warned
        assert consecutive_warnings(flags) == []
        assert warning_streak(flags, W) == 1

    def test_a_week_without_a_warning_has_streak_0(self) -> None:
        assert warning_streak({weeks_before(1): True, W: False}, W) == 0
