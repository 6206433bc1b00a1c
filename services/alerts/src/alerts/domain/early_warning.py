"""The early-warning rule (預警通報, WARN-1) and the "two weeks in a row" helper (WARN-3.2), pure.

A sub-category warns when last week's case count exceeds the weekly mean plus two **sample** standard
deviations of its baseline. Precisely (REQUIREMENTS.md, "Precise semantics → Early warning"):

* Weeks run Monday 00:00 to Sunday 24:00 Asia/Taipei; a case belongs to the week of its receipt instant,
  converted to Asia/Taipei first. A week is named by its Monday (a ``date``).
* The evaluated week ("last week") is the latest week complete at ``now``: complete when ``now`` is at or
  after the following Monday 00:00 Taipei. So it is always the week before the one containing ``now``.
* The baseline is the ``baseline_weeks`` (default 52) weeks immediately before the evaluated week, but it
  starts no earlier than the week of the sub-category's first case; a first case inside the window shortens
  the baseline, a first case in the evaluated week (or later, or no case at all) leaves 0 baseline weeks.
  Weeks without cases count as 0.
* With fewer than 4 baseline weeks there is no mean, sd or threshold and never a warning.
* Otherwise warn when ``count > mean + 2·sd`` strictly. The comparison is exact: mean and variance are
  ``Fraction``s and ``count − mean > 2·sd`` is decided as ``d > 0 and d² > 4·variance`` with ``d = count −
  mean``, so baseline 0,0,0,4 (mean 1, sd 2, threshold 5) does not warn at 5 and warns at 6.
  Floats exist only for output (``mean_float``, ``sd``, ``threshold``).

No I/O here; the alerts service and the ``civicase warn`` command both call these functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Context, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
DEFAULT_BASELINE_WEEKS = 52
MIN_BASELINE_WEEKS = 4
ONE_WEEK = timedelta(weeks=1)

# Enough digits that converting the square root / threshold to float is correctly rounded in practice.
_DECIMAL = Context(prec=60)


def _require_aware(instant: datetime, what: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} {instant.isoformat()} has no UTC offset; give one, e.g. +08:00 or Z")


def week_start(instant: datetime) -> date:
    """The Monday (Asia/Taipei) of the week containing ``instant``; ``instant`` must carry an offset."""
    _require_aware(instant, "instant")
    local_day = instant.astimezone(TAIPEI).date()
    return local_day - timedelta(days=local_day.weekday())


def latest_complete_week(now: datetime) -> date:
    """Monday of the latest week ended at ``now`` (ended: ``now`` ≥ the next Monday 00:00 Taipei)."""
    _require_aware(now, "now")
    return week_start(now) - ONE_WEEK


def _require_monday(day: date, what: str) -> None:
    if day.weekday() != 0:
        raise ValueError(f"{what} {day.isoformat()} is not a Monday; weeks are named by their Monday")


def _require_baseline_weeks(baseline_weeks: int) -> None:
    if isinstance(baseline_weeks, bool) or not isinstance(baseline_weeks, int) or baseline_weeks <= 0:
        raise ValueError(f"baseline_weeks must be a positive whole number, got {baseline_weeks!r}")


@dataclass(frozen=True)
class WeekEvaluation:
    """The WARN-1 verdict for one sub-category and one week.

    ``mean`` and ``variance`` are exact (``Fraction``) or ``None`` when the baseline has fewer than 4 weeks;
    ``sd`` and ``threshold`` are their float renderings (sd = √variance, threshold = mean + 2·sd), and
    ``warn`` was decided exactly, never from the floats.
    """

    week: date
    count: int
    baseline_weeks: int
    mean: Fraction | None
    variance: Fraction | None
    warn: bool

    @property
    def has_baseline(self) -> bool:
        return self.mean is not None

    @property
    def mean_float(self) -> float | None:
        return None if self.mean is None else float(self.mean)

    @property
    def sd(self) -> float | None:
        return None if self.variance is None else float(_decimal_sqrt(self.variance))

    @property
    def threshold(self) -> float | None:
        if self.mean is None or self.variance is None:
            return None
        mean = _DECIMAL.divide(Decimal(self.mean.numerator), Decimal(self.mean.denominator))
        return float(_DECIMAL.add(mean, _DECIMAL.multiply(Decimal(2), _decimal_sqrt(self.variance))))

    def as_output(self) -> dict[str, object]:
        """The fields of one ``civicase warn --jsonl`` output line (after ``id``)."""
        return {
            "week": self.week.isoformat(),
            "count": self.count,
            "baseline_weeks": self.baseline_weeks,
            "mean": self.mean_float,
            "sd": self.sd,
            "threshold": self.threshold,
            "warn": self.warn,
        }


def _decimal_sqrt(value: Fraction) -> Decimal:
    return _DECIMAL.sqrt(_DECIMAL.divide(Decimal(value.numerator), Decimal(value.denominator)))


def exceeds_threshold(count: int, mean: Fraction, variance: Fraction) -> bool:
    """``count > mean + 2·√variance``, decided exactly in rational arithmetic (no square root taken)."""
    excess = count - mean
    return excess > 0 and excess * excess > 4 * variance


def evaluate_counts(
    weekly_counts: Mapping[date, int],
    first_case_week: date | None,
    week: date,
    baseline_weeks: int = DEFAULT_BASELINE_WEEKS,
) -> WeekEvaluation:
    """WARN-1 for ``week`` from per-week case counts (Monday → count; missing weeks count 0).

    ``first_case_week`` is the Monday of the sub-category's first case ever (``None`` if it has none); the
    baseline starts no earlier than it. Counts for weeks outside the baseline and the evaluated week are
    ignored.
    """
    _require_monday(week, "week")
    _require_baseline_weeks(baseline_weeks)
    if first_case_week is None:
        used_weeks = 0
    else:
        _require_monday(first_case_week, "first_case_week")
        weeks_since_first_case = (week - first_case_week).days // 7
        used_weeks = max(0, min(baseline_weeks, weeks_since_first_case))

    count = _count_of(weekly_counts, week)
    if used_weeks < MIN_BASELINE_WEEKS:
        return WeekEvaluation(week, count, used_weeks, None, None, False)

    total = 0
    total_of_squares = 0
    for other_week, other_count in weekly_counts.items():
        weeks_before = (week - other_week).days
        if 0 < weeks_before <= 7 * used_weeks:
            _require_monday(other_week, "a week in weekly_counts")
            other_count = _count_of(weekly_counts, other_week)
            total += other_count
            total_of_squares += other_count * other_count
    return _verdict(week, count, used_weeks, total, total_of_squares)


def used_baseline_weeks(first_case_week: date | None, week: date,
                        baseline_weeks: int = DEFAULT_BASELINE_WEEKS) -> int:
    """How many baseline weeks ``week`` has: ``baseline_weeks``, cut at the first-case week (WARN-1)."""
    if first_case_week is None:
        return 0
    _require_monday(first_case_week, "first_case_week")
    return max(0, min(baseline_weeks, (week - first_case_week).days // 7))


def evaluate_aggregates(
    week: date,
    count: int,
    first_case_week: date | None,
    baseline_total: int,
    baseline_total_sq: int,
    baseline_weeks: int = DEFAULT_BASELINE_WEEKS,
) -> WeekEvaluation:
    """WARN-1 from the aggregates a database computes: ``count`` of ``week``, and the sum and the sum of
    squares of the weekly counts of the ``baseline_weeks`` weeks before it.

    Weeks before ``first_case_week`` have no cases, so sums over the full window equal sums over the
    shortened baseline: the caller need not cut the window itself.
    """
    _require_monday(week, "week")
    _require_baseline_weeks(baseline_weeks)
    used_weeks = used_baseline_weeks(first_case_week, week, baseline_weeks)
    if used_weeks < MIN_BASELINE_WEEKS:
        return WeekEvaluation(week, count, used_weeks, None, None, False)
    return _verdict(week, count, used_weeks, baseline_total, baseline_total_sq)


def _verdict(week: date, count: int, used_weeks: int, total: int, total_of_squares: int) -> WeekEvaluation:
    mean = Fraction(total, used_weeks)
    # Sample variance: Σ(x − mean)² / (n − 1) = (n·Σx² − (Σx)²) / (n·(n − 1)).
    variance = Fraction(used_weeks * total_of_squares - total * total, used_weeks * (used_weeks - 1))
    return WeekEvaluation(week, count, used_weeks, mean, variance, exceeds_threshold(count, mean, variance))


def _count_of(weekly_counts: Mapping[date, int], week: date) -> int:
    count = weekly_counts.get(week, 0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"the case count of week {week.isoformat()} must be an integer ≥ 0, not {count!r}")
    return count


def weekly_counts_of(receipts: Iterable[datetime]) -> Counter[date]:
    """Number of cases per week (Monday, Asia/Taipei) from receipt instants (each must carry an offset)."""
    instants = list(receipts)
    for instant in instants:
        if instant.tzinfo is None or instant.utcoffset() is None:
            _require_aware(instant, "receipt")
    # Bulk path (100k receipts well under a second): count per Taipei day, then fold the days into weeks.
    per_day = Counter(instant.astimezone(TAIPEI).date() for instant in instants)
    per_week: Counter[date] = Counter()
    for day, count in per_day.items():
        per_week[day - timedelta(days=day.weekday())] += count
    return per_week


def evaluate_week(
    receipts: Iterable[datetime], week: date, baseline_weeks: int = DEFAULT_BASELINE_WEEKS
) -> WeekEvaluation:
    """WARN-1 for ``week`` from the receipt instants of all of one sub-category's cases.

    The first-case week is the week of the earliest receipt given. Cases received after ``week`` do not
    count (and cannot move the first-case week before ``week``, so they never change the answer).
    """
    counts = weekly_counts_of(receipts)
    first_case_week = min(counts) if counts else None
    return evaluate_counts(counts, first_case_week, week, baseline_weeks)


def warning_streak(warned_by_week: Mapping[date, bool], week: date) -> int:
    """How many weeks in a row, ending with ``week``, warned (0 if ``week`` did not; missing = did not)."""
    _require_monday(week, "week")
    streak = 0
    current = week
    while warned_by_week.get(current, False):
        streak += 1
        current -= ONE_WEEK
    return streak


def consecutive_warnings(warned_by_week: Mapping[date, bool]) -> list[date]:
    """WARN-3.2: the weeks (sorted) that warned with the week before also warning — 2nd or later in a row.

    For each such week the analysis form goes to the agency head (and a second-level agency reports to
    its direct superior). A week missing from the mapping counts as not warned.
    """
    warned = {week for week, flag in warned_by_week.items() if flag}
    for week in warned:
        _require_monday(week, "week")
    return sorted(week for week in warned if week - ONE_WEEK in warned)
