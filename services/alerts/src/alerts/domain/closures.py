"""Declaring a closure day (typhoon 停班) — the pure checks ("Calendar (closures)").

A day may be declared up to ``MAX_PAST_DAYS`` days after it (a closure is sometimes recorded the
morning after the storm), never further back: deadlines counted across older days have long been
reported. Any future day is accepted. Scope is ``"city"`` (the default) or one district's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from civicase_platform.closures import CITY
from civicase_platform.errors import InvalidInput

MAX_PAST_DAYS = 7
MAX_SCOPE_CHARS = 40
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Declaration:
    day: date
    scope: str
    reason: str
    declared_by: str


def validate_declaration(*, day: str, scope: str, reason: str, staff_subject: str, today: date) -> Declaration:
    """The declaration to store, or InvalidInput listing every problem (``today`` is Taipei's date)."""
    problems: list[str] = []
    text = (day or "").strip()
    parsed: date | None = None
    try:
        parsed = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        problems.append(f"day: give the closed day as YYYY-MM-DD (got {text!r})")
    elif parsed < today - timedelta(days=MAX_PAST_DAYS):
        problems.append(f"day: {parsed.isoformat()} is more than {MAX_PAST_DAYS} days in the past "
                        f"(today is {today.isoformat()}); older closures cannot be declared")
    scope = (scope or "").strip() or CITY
    if len(scope) > MAX_SCOPE_CHARS:
        problems.append(f"scope: \"city\" or one district's name, at most {MAX_SCOPE_CHARS} characters")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_CHARS:
        problems.append(f"reason: at most {MAX_REASON_CHARS} characters")
    declared_by = (staff_subject or "").strip()
    if not declared_by:
        problems.append("staff_subject: who declares the closure is required (the X-Staff-Subject header)")
    if problems:
        raise InvalidInput("; ".join(problems))
    assert parsed is not None
    return Declaration(day=parsed, scope=scope, reason=reason, declared_by=declared_by[:200])
