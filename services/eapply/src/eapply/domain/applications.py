"""What an online application must contain, its number and its processing deadline (APP-8, APP-11).

Pure rules: no database, no nameko, no protobuf. The calendar is passed in (closure days are data).

Application number: ``AAA-A-YYYYMMDD-NNNNN`` — the service's agency number (3 digits, from the taxonomy),
``A`` for application (so it never collides with a petition's ``AAA-YYYYMMDD-NNNNN``), the Taipei date of
receipt, and a serial per agency and day taken atomically from ``application_serials``.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from civicase_platform.calendar import TAIPEI, OfficeCalendar, deadline
from civicase_platform.errors import Conflict, InvalidInput
from eapply.domain.catalogue import CatalogueService

APPLICATION_NUMBER_RE = re.compile(r"^\d{3}-A-\d{8}-\d{5}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9()\-\s#]{6,24}$")
MAX_FORM_FIELDS = 50
MAX_FORM_VALUE = 2000
MAX_NAME = 100
#: Office periods an appointment may start in (APP-8 (3)), Asia/Taipei.
APPOINTMENT_PERIODS = ((time(8, 30), time(12, 30)), (time(13, 30), time(17, 30)))
MAX_APPOINTMENT_DAYS_AHEAD = 90

STATE_PROCESSING = "processing"
STATE_AWAITING_PAYMENT = "awaiting_payment"
STATE_APPOINTMENT_BOOKED = "appointment_booked"
STATE_APPROVED = "approved"        # APP-10.3.3: processed, the applicant is notified
STATE_REJECTED = "rejected"        # APP-10.3.2: 駁回, with the reason given to the applicant
OUTCOMES = (STATE_APPROVED, STATE_REJECTED)
MAX_REASON = 1000


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str
    decided_by: str


def validate_decision(*, state: str, outcome: str, reason: str, decided_by: str) -> Decision:
    """APP-10.3.2 / APP-10.3.3: an application being processed is approved or rejected; a rejection says why.

    Raises InvalidInput listing every problem of the request, then Conflict when the application is not in
    a state that can be decided (awaiting payment — APP-10.3.4 forbids refusing it for the money —, an
    appointment, or already decided).
    """
    outcome = (outcome or "").strip().lower()
    reason = (reason or "").strip()
    decided_by = (decided_by or "").strip()
    problems = []
    if outcome not in OUTCOMES:
        problems.append(f"outcome: must be one of {', '.join(OUTCOMES)}, got {outcome or 'nothing'!r}")
    if outcome == STATE_REJECTED and not reason:
        problems.append("reason: a rejection (駁回) must tell the applicant why")
    if len(reason) > MAX_REASON:
        problems.append(f"reason: at most {MAX_REASON} characters, got {len(reason)}")
    if not decided_by:
        problems.append("decided_by: say who decides (the handler's staff subject)")
    if problems:
        raise InvalidInput("; ".join(problems))
    if state in OUTCOMES:
        raise Conflict(f"the application is already decided ({state})")
    if state != STATE_PROCESSING:
        raise Conflict(f"an application in state {state!r} cannot be decided yet: only one being processed "
                       "(its APP-11 clock running) can be approved or rejected")
    return Decision(outcome=outcome, reason=reason, decided_by=decided_by)


@dataclass(frozen=True)
class Submission:
    service: CatalogueService
    applicant_name: str
    email: str
    phone: str
    form: dict[str, str]
    documents: tuple[str, ...]
    appointment_at: datetime | None


def _appointment_problems(text: str, now: datetime, calendar: OfficeCalendar) -> tuple[datetime | None, list[str]]:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None, [f"appointment_at: {text!r} is not ISO 8601 (like 2026-03-03T09:00:00+08:00)"]
    if at.tzinfo is None or at.utcoffset() is None:
        return None, ["appointment_at: give the UTC offset too (like 2026-03-03T09:00:00+08:00)"]
    problems = []
    local = at.astimezone(TAIPEI)
    if at <= now:
        problems.append("appointment_at: must be in the future")
    elif (local.date() - now.astimezone(TAIPEI).date()).days > MAX_APPOINTMENT_DAYS_AHEAD:
        problems.append(f"appointment_at: at most {MAX_APPOINTMENT_DAYS_AHEAD} days ahead")
    try:
        working = calendar.is_working_day(local.date())
    except ValueError as exc:
        return None, [*problems, f"appointment_at: {exc}"]
    if not working:
        problems.append(f"appointment_at: {local.date()} is not a working day of the city offices")
    if not any(start <= local.time() < end for start, end in APPOINTMENT_PERIODS):
        problems.append(
            f"appointment_at: {local:%H:%M} (Taipei) is outside office hours 08:30–12:30 and 13:30–17:30"
        )
    return at, problems


def validate_submission(
    service: CatalogueService | None, *, service_code: str, applicant_name: str, email: str = "",
    phone: str = "", form: dict[str, str] | None = None, documents: list[str] | tuple[str, ...] = (),
    appointment_at: str = "", now: datetime, calendar: OfficeCalendar,
) -> Submission:
    """Check an application (``service`` is the catalogue entry for ``service_code`` or None when there is
    none); raise InvalidInput naming every problem at once. Nothing is stored here."""
    problems: list[str] = []
    if service is None:
        problems.append(f"service_code: no service {service_code!r} in the catalogue (see ListServices)")
    name = (applicant_name or "").strip()
    if not name:
        problems.append("applicant_name: required")
    elif len(name) > MAX_NAME:
        problems.append(f"applicant_name: at most {MAX_NAME} characters")
    email, phone = (email or "").strip(), (phone or "").strip()
    if not email and not phone:
        problems.append("email or phone: give at least one so the agency can reach you")
    if email and not EMAIL_RE.match(email):
        problems.append("email: not an e-mail address (like someone@example.com)")
    if phone and not PHONE_RE.match(phone):
        problems.append("phone: digits with an optional +, spaces, dashes or parentheses")
    form = dict(form or {})
    if len(form) > MAX_FORM_FIELDS:
        problems.append(f"form: at most {MAX_FORM_FIELDS} fields")
    long_fields = sorted(k for k, v in form.items() if len(v) > MAX_FORM_VALUE)
    if long_fields:
        problems.append(f"form: at most {MAX_FORM_VALUE} characters per field ({', '.join(long_fields)})")
    attached = tuple(dict.fromkeys(d.strip() for d in documents if d.strip()))
    when: datetime | None = None
    if service is not None:
        if service.needs_documents_online:
            missing = [d for d in service.documents if d not in attached]
            if missing:
                problems.append(f"documents: attach {', '.join(missing)}")
            if appointment_at.strip():
                problems.append("appointment_at: only appointment services take an appointment time")
        elif not appointment_at.strip():
            problems.append("appointment_at: required for an appointment service (ISO 8601 with offset)")
        else:
            when, found = _appointment_problems(appointment_at.strip(), now, calendar)
            problems.extend(found)
    if problems:
        raise InvalidInput("; ".join(problems))
    assert service is not None
    return Submission(service, name, email, phone, form, attached, when)


def application_number(agency_number: str, received_on: date, serial: int) -> str:
    """``AAA-A-YYYYMMDD-NNNNN``: agency number, Taipei date of receipt, serial per agency and day."""
    if not re.fullmatch(r"\d{3}", agency_number):
        raise ValueError("agency number must be 3 digits")
    if not 1 <= serial <= 99_999:
        raise InvalidInput("the daily application serial of this agency is exhausted (99999); try tomorrow")
    return f"{agency_number}-A-{received_on:%Y%m%d}-{serial:05d}"


def receipt_date(received_at: datetime) -> date:
    return received_at.astimezone(TAIPEI).date()


def initial_state(service: CatalogueService) -> str:
    if service.type == "appointment":
        return STATE_APPOINTMENT_BOOKED
    if service.waits_for_payment:
        return STATE_AWAITING_PAYMENT
    return STATE_PROCESSING


def processing_due(service: CatalogueService, clock_start: datetime, calendar: OfficeCalendar) -> datetime:
    """APP-11: the time limit counts from the day after ``clock_start`` (receipt, or payment for a
    payment-first service): 17:30 of working day n, or the end of calendar day n (moved to a working day)."""
    return deadline("APP-11", clock_start, n=service.processing_days, unit=service.day_unit, calendar=calendar)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def contact_matches(stored_email: str, stored_phone: str, given: str) -> bool:
    """GetApplication's light check: the applicant's e-mail (case-insensitive); for an application made with
    a phone only, the phone (digits compared, so spaces and dashes do not matter)."""
    given = (given or "").strip()
    if not given:
        return False
    if stored_email:
        return hmac.compare_digest(stored_email.strip().lower().encode(), given.lower().encode())
    digits = _digits(given)
    return bool(digits) and hmac.compare_digest(_digits(stored_phone).encode(), digits.encode())
