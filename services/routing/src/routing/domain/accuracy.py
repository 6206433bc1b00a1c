"""Routing accuracy over time (PET-5): periods, and first-try rates from counted assignments.

"First-try correct" = the model auto-assigned the case and the case still has the model's agency (per
agency) or sub-category (per sub-category) after every later dispatch or re-assignment: the final labels
are the truth. Cases the model queued count separately (was its top suggestion what the receptionist chose?).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from civicase_platform.errors import InvalidInput

TAIPEI = ZoneInfo("Asia/Taipei")
BUCKETS = ("day", "week", "month")
DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class AccuracyCounts:
    period_start: date
    key: str
    cases: int
    auto_assigned: int
    auto_correct: int
    queued: int
    queued_top1_correct: int

    @property
    def corrected(self) -> int:
        return self.auto_assigned - self.auto_correct

    @property
    def first_try_correct_rate(self) -> float:
        return self.auto_correct / self.auto_assigned if self.auto_assigned else 0.0


def report_window(since: str, bucket: str, *, now: datetime) -> tuple[date, str, datetime]:
    """``(since day, bucket, since as a UTC-aware instant)`` from the request; empty since = 12 weeks
    before the current week's Monday, empty bucket = week. ``InvalidInput`` names what is wrong."""
    bucket = (bucket or "week").strip().lower()
    if bucket not in BUCKETS:
        raise InvalidInput(f"bucket must be one of {', '.join(BUCKETS)}, not {bucket[:20]!r}")
    if since.strip():
        try:
            day = date.fromisoformat(since.strip())
        except ValueError:
            raise InvalidInput(f"since must be a date YYYY-MM-DD, not {since[:20]!r}") from None
    else:
        today = now.astimezone(TAIPEI).date()
        day = today - timedelta(days=today.weekday(), weeks=DEFAULT_WEEKS)
    return day, bucket, datetime.combine(day, time(0), tzinfo=TAIPEI)
