"""Pure domain rules of the alerts service (no I/O): early warning (WARN-1, WARN-3.2)."""

from alerts.domain.early_warning import (
    WeekEvaluation,
    consecutive_warnings,
    evaluate_aggregates,
    evaluate_counts,
    evaluate_week,
    latest_complete_week,
    warning_streak,
    week_start,
)

__all__ = [
    "WeekEvaluation",
    "consecutive_warnings",
    "evaluate_aggregates",
    "evaluate_counts",
    "evaluate_week",
    "latest_complete_week",
    "warning_streak",
    "week_start",
]
