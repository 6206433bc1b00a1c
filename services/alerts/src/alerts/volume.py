"""Weekly volume rules of the dashboard (WARN-2), pure: which week and sub-category a request names, and
which week a case counts in (its receipt week, Monday–Sunday Asia/Taipei, by ``early_warning.week_start``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from alerts.domain.early_warning import week_start
from civicase_platform.errors import InvalidInput

WEEK_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUBCATEGORY_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")


def receipt_week(received_at: datetime) -> date:
    """The Monday (Asia/Taipei) of the week a case received at ``received_at`` counts in (WARN-1)."""
    return week_start(received_at)


@dataclass(frozen=True)
class WeekQuery:
    subcategory_code: str  # "" = every sub-category
    week: date  # a Monday


def _week_problem(text: str) -> str | None:
    if not WEEK_RE.match(text):
        return f"week: give the Monday of the week as YYYY-MM-DD (got {text!r})"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"week: {text!r} is not a date"
    if day.weekday() != 0:
        monday = day - timedelta(days=day.weekday())
        return f"week: {text} is a {day:%A}; weeks are named by their Monday (this one is {monday})"
    return None


def week_query(subcategory_code: str, week: str, *, now: datetime, subcategory_required: bool = False
               ) -> WeekQuery:
    """Read a dashboard request; an empty week is the week containing ``now`` (Asia/Taipei).

    Raises InvalidInput naming every problem at once.
    """
    problems: list[str] = []
    code = (subcategory_code or "").strip().upper()
    if not code and subcategory_required:
        problems.append("subcategory_code: name the sub-category (e.g. ILLEGAL_PARKING)")
    elif code and not SUBCATEGORY_RE.match(code):
        problems.append(f"subcategory_code: {subcategory_code!r} is not a sub-category code (like ILLEGAL_PARKING)")
    text = (week or "").strip()
    problem = _week_problem(text) if text else None
    if problem:
        problems.append(problem)
    if problems:
        raise InvalidInput("; ".join(problems))
    return WeekQuery(code, date.fromisoformat(text) if text else week_start(now))
