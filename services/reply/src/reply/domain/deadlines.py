"""The processing deadlines reply opens (PET-7.4), counted by the one office calendar.

* PET-7.4 — 6 working days from the agency's receipt of the case, which is its assignment
  (routing's ``assigned_at``): the day of the assignment never counts, day 1 is the next working
  day, due 17:30 of working day 6.
* PET-7.4-B — a case answered at level B (PET-8.2) must be finished within 30 calendar days counted
  from the same start: due 23:59:59 of day 30, moved to the end of the next working day if day 30
  is not a working day (Administrative Procedure Act art. 48).

Re-assignment does not restart either clock: both always count from the *first* assignment (see
``reply.domain.replies.decide_reassignment``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from civicase_platform.calendar import OfficeCalendar, deadline

PROCESSING_RULE = "PET-7.4"
LEVEL_B_RULE = "PET-7.4-B"


@dataclass(frozen=True)
class Deadline:
    rule: str
    counted_from: datetime  # the event the rule counts from (UTC)
    due: datetime  # UTC


def _open(rule: str, counted_from: datetime, calendar: OfficeCalendar | None) -> Deadline:
    due = deadline(rule, counted_from, calendar=calendar)
    return Deadline(rule, counted_from.astimezone(UTC), due.astimezone(UTC))


def processing_deadline(assigned_at: datetime, calendar: OfficeCalendar | None = None) -> Deadline:
    """PET-7.4: 17:30 of the 6th working day after the assignment."""
    return _open(PROCESSING_RULE, assigned_at, calendar)


def level_b_deadline(assigned_at: datetime, calendar: OfficeCalendar | None = None) -> Deadline:
    """PET-7.4-B: end of the 30th calendar day after the assignment (moved to a working day)."""
    return _open(LEVEL_B_RULE, assigned_at, calendar)
