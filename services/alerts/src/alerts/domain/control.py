"""Pure rules of time-limit control (稽催, PET-4, PET-14.3) and of the early-warning analysis form
(預警分析表, WARN-2, WARN-3.1..3.4). No I/O: the calendar is passed in.

Board buckets (exact to the working day, Asia/Taipei), for an open deadline and the instant ``now``:

* ``overdue``  — ``due < now``;
* ``due_today`` — not overdue and due on today's Taipei date;
* ``upcoming`` — due after today, on or before the ``within``-th working day after today.

A reminder goes to the handler from the working day before the due date (Taipei) until the deadline
passes; once it passed, the overdue escalation goes to the agency's RDEC officer. Each is sent once per
deadline and due instant (the caller keeps that record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from civicase_platform.calendar import TAIPEI, OfficeCalendar

OVERDUE = "overdue"
DUE_TODAY = "due_today"
UPCOMING = "upcoming"

REMINDER = "reminder"
ESCALATION = "overdue"

# Roles of authorised staff (WARN-2): RDEC-line staff (研考線人員), the RDEC officer in charge of petitions
# (研考人員), and the agency head (機關首長, WARN-3.2 escalations).
ROLE_RDEC_STAFF = "rdec_staff"
ROLE_RDEC_OFFICER = "rdec_officer"
ROLE_AGENCY_HEAD = "agency_head"
ROLES = (ROLE_RDEC_STAFF, ROLE_RDEC_OFFICER, ROLE_AGENCY_HEAD)
#: Who watches the dashboard and receives the warning mail and the deadline reminders (WARN-2).
WATCHER_ROLES = (ROLE_RDEC_STAFF, ROLE_RDEC_OFFICER)

WARN_3_1 = "WARN-3.1"
ANALYSIS_FORM_WORKING_DAYS = 3

# The analysis form's states: the agency fills it in (open), RDEC-line staff review it (submitted),
# approval files it (filed); a returned form is open again.
FORM_OPEN = "open"
FORM_SUBMITTED = "submitted"
FORM_FILED = "filed"


def taipei_date(instant: datetime) -> date:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no UTC offset")
    return instant.astimezone(TAIPEI).date()


def previous_working_day(day: date, calendar: OfficeCalendar) -> date:
    """The last working day strictly before ``day``."""
    current = day - timedelta(days=1)
    while not calendar.is_working_day(current):
        current -= timedelta(days=1)
    return current


def horizon(today: date, within_working_days: int, calendar: OfficeCalendar) -> date:
    """The ``within_working_days``-th working day after ``today`` (0 = today itself)."""
    if within_working_days < 0:
        raise ValueError("within_working_days must be 0 or more")
    day = today
    for _ in range(within_working_days):
        day = calendar.next_working_day(day)
    return day


def bucket(due: datetime, now: datetime, horizon_day: date) -> str | None:
    """Which board column an open deadline belongs in, or None when it is further away."""
    if due < now:
        return OVERDUE
    due_day = taipei_date(due)
    if due_day <= taipei_date(now):
        return DUE_TODAY
    if due_day <= horizon_day:
        return UPCOMING
    return None


def reminder_due(due: datetime, now: datetime, calendar: OfficeCalendar) -> bool:
    """True from the working day before the due date (Taipei) until the deadline passes."""
    if due <= now:
        return False
    return taipei_date(now) >= previous_working_day(taipei_date(due), calendar)


def escalation_due(due: datetime, now: datetime) -> bool:
    """True once an open deadline has passed: its agency's RDEC officer is told (PET-4, PET-14.3)."""
    return due < now


@dataclass(frozen=True)
class FormRouting:
    """Where an analysis form goes (WARN-3.2): the agency head on the 2nd warning in a row, and for a
    second-level agency (one with a parent) also its direct superior agency."""

    route_to_head: bool
    superior_agency_code: str


def form_routing(consecutive_weeks: int, parent_agency_code: str) -> FormRouting:
    if consecutive_weeks >= 2:
        return FormRouting(True, parent_agency_code or "")
    return FormRouting(False, "")


def analysis_form_due(raised_at: datetime, calendar: OfficeCalendar) -> datetime:
    """WARN-3.1: 17:30 of the 3rd working day after the warning (day 1 = the next working day)."""
    return calendar.add_working_days(raised_at, ANALYSIS_FORM_WORKING_DAYS)
