"""eapply's use cases, as plain functions over a unit of work: the catalogue, submitting an application
(APP-7 (2), APP-8, APP-10.1, APP-11), recording a payment (APP-10.3.4, APP-11) and the applicant's progress
query (APP-7 (3))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.common.v1 import deadlines_pb2
from civicase.eapply.v1 import events_pb2
from civicase_platform.calendar import OfficeCalendar, deadline
from civicase_platform.closures import (
    RECHECK_WINDOW,
    Closure,
    read_calendar,
    recheck_recent,
    record_closure,
    start_of_day,
    window_contains,
)
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import Conflict, InvalidInput, NotFound
from civicase_platform.grpc_support import to_timestamp
from eapply.adapters.orm import application_serials, applications, catalogue_services, closure_days
from eapply.domain.applications import (
    APPLICATION_NUMBER_RE,
    STATE_AWAITING_PAYMENT,
    STATE_PROCESSING,
    Submission,
    application_number,
    contact_matches,
    initial_state,
    processing_due,
    receipt_date,
    validate_decision,
    validate_submission,
)
from eapply.domain.catalogue import CatalogueService

APP_11 = "APP-11"


def _service(row) -> CatalogueService:
    return CatalogueService(
        code=row.code, name=row.name, agency_code=row.agency_code, agency_number=row.agency_number,
        type=row.type, processing_days=row.processing_days, day_unit=row.day_unit,
        documents=tuple(row.documents), fee=row.fee, online_fee=row.online_fee,
        e_signature_accepted=row.e_signature_accepted, payment_first=row.payment_first,
        exempt_documents=tuple(row.exempt_documents), name_en=row.name_en, description=row.description,
    )


def list_services(tx: UnitOfWork) -> list[CatalogueService]:
    rows = tx.session.execute(
        select(catalogue_services).where(catalogue_services.c.active)
        .order_by(catalogue_services.c.type, catalogue_services.c.agency_number, catalogue_services.c.code)
    )
    return [_service(r) for r in rows]


def find_service(tx: UnitOfWork, code: str, *, active_only: bool = True) -> CatalogueService | None:
    stmt = select(catalogue_services).where(catalogue_services.c.code == (code or "").strip().upper())
    if active_only:
        stmt = stmt.where(catalogue_services.c.active)
    row = tx.session.execute(stmt).first()
    return _service(row) if row else None


def next_serial(tx: UnitOfWork, agency_number: str, day) -> int:
    """Atomically take the next serial of ``agency_number`` on ``day``: the upsert locks the row until this
    transaction ends, so two concurrent submissions can never share a number, and a rolled-back submission
    only leaves a gap."""
    stmt = (
        pg_insert(application_serials)
        .values(agency_number=agency_number, day=day, last_serial=1)
        .on_conflict_do_update(
            index_elements=[application_serials.c.agency_number, application_serials.c.day],
            set_={"last_serial": application_serials.c.last_serial + 1},
        )
        .returning(application_serials.c.last_serial)
    )
    return tx.session.execute(stmt).scalar_one()


@dataclass(frozen=True)
class SubmitRequest:
    service_code: str
    applicant_name: str
    email: str = ""
    phone: str = ""
    form: dict[str, str] | None = None
    documents: tuple[str, ...] = ()
    appointment_at: str = ""


def _announce_deadline(tx: UnitOfWork, number: str, service: CatalogueService, due: datetime,
                       opened_at: datetime) -> None:
    tx.publish("deadline_set", number, deadlines_pb2.DeadlineSet(
        rule=APP_11, subject=number, agency_code=service.agency_code,
        due=to_timestamp(due), opened_at=to_timestamp(opened_at),
    ))


def submit_application(tx: UnitOfWork, request: SubmitRequest, *, calendar: OfficeCalendar,
                       now: datetime | None = None):
    """Validate, number and store an application, then announce ``application_submitted`` (APP-10.1: the
    agency's dispatcher, handler and reviewer are notified from it) and, when the clock runs already,
    ``deadline_set`` for APP-11 — all in this transaction. Returns the stored row."""
    received_at = (now or datetime.now(UTC)).astimezone(UTC)
    service = find_service(tx, request.service_code)
    submission: Submission = validate_submission(
        service, service_code=request.service_code, applicant_name=request.applicant_name,
        email=request.email, phone=request.phone, form=request.form, documents=request.documents,
        appointment_at=request.appointment_at, now=received_at, calendar=calendar,
    )
    service = submission.service
    state = initial_state(service)
    clock_started_at = received_at if state == STATE_PROCESSING else None
    due = processing_due(service, received_at, calendar).astimezone(UTC) if clock_started_at else None
    number = application_number(service.agency_number, receipt_date(received_at),
                                next_serial(tx, service.agency_number, receipt_date(received_at)))
    tx.session.execute(applications.insert().values(
        application_number=number, service_code=service.code, agency_code=service.agency_code, state=state,
        applicant_name=submission.applicant_name, applicant_email=submission.email,
        applicant_phone=submission.phone, form=submission.form, documents=list(submission.documents),
        appointment_at=submission.appointment_at, fee=service.fee_online, received_at=received_at,
        clock_started_at=clock_started_at, due=due,
    ))
    tx.publish("application_submitted", number, events_pb2.ApplicationSubmitted(
        application_number=number, service_code=service.code, agency_code=service.agency_code,
        received_at=to_timestamp(received_at), due=to_timestamp(due), state=state,
    ))
    if due is not None:
        _announce_deadline(tx, number, service, due, received_at)
    return _row(tx, number, lock=False)


def _row(tx: UnitOfWork, number: str, *, lock: bool):
    stmt = (
        select(applications, catalogue_services.c.name.label("service_name"))
        .join(catalogue_services, catalogue_services.c.code == applications.c.service_code)
        .where(applications.c.application_number == number)
    )
    if lock:
        stmt = stmt.with_for_update(of=applications)
    return tx.session.execute(stmt).first()


def get_application(tx: UnitOfWork, number: str, contact: str):
    """The application if ``contact`` is its applicant's e-mail (or phone, when applied with a phone only);
    NOT_FOUND alike for an unknown number and a wrong contact."""
    number = (number or "").strip()
    row = _row(tx, number, lock=False) if APPLICATION_NUMBER_RE.match(number) else None
    if row is None or not contact_matches(row.applicant_email, row.applicant_phone, contact):
        raise NotFound("no application with this number and e-mail (or phone)")
    return row


def record_payment(tx: UnitOfWork, number: str, amount: int, *, calendar: OfficeCalendar,
                   now: datetime | None = None):
    """APP-10.3.4: the single window's payment record is authoritative. For an application awaiting payment
    the APP-11 clock starts from the payment (due counted from the day after); ``application_paid`` and, if
    the clock started, ``deadline_set`` are announced in the same transaction."""
    paid_at = (now or datetime.now(UTC)).astimezone(UTC)
    number = (number or "").strip()
    row = _row(tx, number, lock=True) if APPLICATION_NUMBER_RE.match(number) else None
    if row is None:
        raise NotFound(f"no application {number!r}")
    service = find_service(tx, row.service_code, active_only=False)
    assert service is not None
    if service.type == "appointment":
        raise Conflict("an appointment is paid at the counter, not online")
    if row.paid_at is not None:
        raise Conflict(f"application {number} is already paid")
    if amount != row.fee:
        raise InvalidInput(f"amount: the fee due is NT${row.fee}, got NT${amount}")
    values: dict = {"amount_paid": amount, "paid_at": paid_at}
    due = None
    if row.state == STATE_AWAITING_PAYMENT:
        due = processing_due(service, paid_at, calendar).astimezone(UTC)
        values.update(state=STATE_PROCESSING, clock_started_at=paid_at, due=due)
    tx.session.execute(
        applications.update().where(applications.c.application_number == number).values(**values)
    )
    tx.publish("application_paid", number, events_pb2.ApplicationPaid(
        application_number=number, service_code=service.code, agency_code=service.agency_code,
        amount=amount, paid_at=to_timestamp(paid_at), due=to_timestamp(due),
    ))
    if due is not None:
        _announce_deadline(tx, number, service, due, paid_at)
    return _row(tx, number, lock=False)


def decide_application(tx: UnitOfWork, number: str, *, outcome: str, reason: str, decided_by: str,
                       now: datetime | None = None):
    """APP-10.3.2 / APP-10.3.3: record the agency's decision on an application being processed, end its
    APP-11 deadline (``deadline_met``) and announce ``application_decided`` — one transaction. The row is
    locked, so two clerks deciding at once cannot both succeed."""
    decided_at = (now or datetime.now(UTC)).astimezone(UTC)
    number = (number or "").strip()
    row = _row(tx, number, lock=True) if APPLICATION_NUMBER_RE.match(number) else None
    if row is None:
        raise NotFound(f"no application {number!r}")
    decision = validate_decision(state=row.state, outcome=outcome, reason=reason, decided_by=decided_by)
    tx.session.execute(applications.update().where(applications.c.application_number == number).values(
        state=decision.outcome, decided_at=decided_at, decided_by=decision.decided_by,
        decision_reason=decision.reason,
    ))
    tx.publish("application_decided", number, events_pb2.ApplicationDecided(
        application_number=number, service_code=row.service_code, agency_code=row.agency_code,
        outcome=decision.outcome, decided_at=to_timestamp(decided_at), due=to_timestamp(row.due),
        on_time=row.due is not None and decided_at <= row.due,
    ))
    tx.publish("deadline_met", number, deadlines_pb2.DeadlineMet(
        rule=APP_11, subject=number, agency_code=row.agency_code, met_at=to_timestamp(decided_at),
        due=to_timestamp(row.due),
    ))
    return _row(tx, number, lock=False)


def apply_closure(tx: UnitOfWork, closure: Closure) -> list[str]:
    """Calendar (closures), APP-11: record the closure day (alerts' ``closure_declared``); if it is new and
    city-wide, count every undecided application's deadline whose window contains the day again from its
    clock start with the service's time limit, store the new due and announce it (``deadline_set``, same
    ``opened_at``). Returns the numbers of the applications moved. A redelivered event, a day already off,
    a day after the due or a district closure (recorded, not applied yet) moves nothing."""
    if not record_closure(tx, closure_days, closure) or not closure.applies_citywide:
        return []
    return move_deadlines(tx, closure.day, read_calendar(tx, closure_days))


def recheck_recent_closures(tx: UnitOfWork, *, now: datetime | None = None,
                            window: timedelta = RECHECK_WINDOW) -> list[str]:
    """Calendar (closures): apply every whole-city closure recorded within ``window`` again — for an application
    whose due was counted concurrently with the closure, or by another instance with a calendar cached from
    before it. Idempotent."""
    return [number for per_day in recheck_recent(tx, closure_days, move_deadlines, now=now, window=window)
            for number in per_day]


def move_deadlines(tx: UnitOfWork, day: date, calendar: OfficeCalendar) -> list[str]:
    """APP-11 dues of undecided applications whose window contains ``day``, counted again with ``calendar``;
    stored and announced when they change. Returns the application numbers moved."""
    rows = tx.session.execute(
        select(applications.c.application_number, applications.c.agency_code, applications.c.clock_started_at,
               applications.c.due, catalogue_services.c.processing_days, catalogue_services.c.day_unit)
        .join(catalogue_services, catalogue_services.c.code == applications.c.service_code)
        .where(applications.c.decided_at.is_(None), applications.c.clock_started_at.is_not(None),
               applications.c.due >= start_of_day(day))
        .order_by(applications.c.application_number)
        .with_for_update(of=applications)
    ).all()
    moved = []
    for row in rows:
        if not window_contains(row.clock_started_at, row.due, day):
            continue
        due = deadline(APP_11, row.clock_started_at, n=row.processing_days, unit=row.day_unit,
                       calendar=calendar).astimezone(UTC)
        if due == row.due:
            continue
        tx.session.execute(applications.update()
                           .where(applications.c.application_number == row.application_number).values(due=due))
        tx.publish("deadline_set", row.application_number, deadlines_pb2.DeadlineSet(
            rule=APP_11, subject=row.application_number, agency_code=row.agency_code,
            due=to_timestamp(due), opened_at=to_timestamp(row.clock_started_at),
        ))
        moved.append(row.application_number)
    return moved
