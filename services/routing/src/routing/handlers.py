"""Routing's use cases, as plain functions over a unit of work: assign registered cases (PET-5), keep
the manual dispatch queue and dispatch from it (PET-6.1), and read the agency directory."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.intake.v1 import events_pb2 as intake_events_pb2
from civicase.routing.v1 import events_pb2
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import InvalidInput, NotFound
from civicase_platform.events import CloudEvent
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from routing.adapters.orm import agencies, assignments, categories, subcategories
from routing.domain.assignment import (
    AUTOMATIC_ASSIGNER,
    AssignmentStatus,
    AssignTo,
    Decision,
    choose_assignment,
    ensure_dispatchable,
    queue_limit,
    validate_dispatch,
)

log = structlog.get_logger(__name__)

MAX_CASE_NUMBER = 20


# -- the directory ----------------------------------------------------------------------------------
def default_agency_of(tx: UnitOfWork) -> dict[str, str]:
    """Every known sub-category code → its default agency code."""
    rows = tx.session.execute(select(subcategories.c.code, subcategories.c.default_agency_code))
    return {code: agency for code, agency in rows}


def agency_codes(tx: UnitOfWork) -> frozenset[str]:
    return frozenset(tx.session.execute(select(agencies.c.code)).scalars())


def list_agencies(tx: UnitOfWork):
    return tx.session.execute(select(agencies).order_by(agencies.c.number)).all()


def list_subcategories(tx: UnitOfWork):
    return tx.session.execute(
        select(subcategories, categories.c.name.label("category_name"))
        .join(categories, categories.c.code == subcategories.c.category)
        .order_by(subcategories.c.category, subcategories.c.code)
    ).all()


# -- assignment of registered cases -----------------------------------------------------------------
def _received_at(message: intake_events_pb2.CaseRegistered, event: CloudEvent, now: datetime) -> datetime:
    if message.HasField("received_at"):
        return from_timestamp(message.received_at) or now
    try:
        return datetime.fromisoformat(event.time.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return now


def handle_case_registered(
    tx: UnitOfWork, event: CloudEvent, *, now: datetime | None = None
) -> Decision | None:
    """PET-5 / PET-6.1: assign a newly registered case to its sub-category's default agency and announce
    ``case_assigned``, or queue it for manual dispatch and announce ``case_queued_for_dispatch``.

    Returns the decision, or None when the case already has an assignment (a re-published
    ``case_registered`` under another event id changes nothing).
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    message = event.message(intake_events_pb2.CaseRegistered)
    number = (message.case_number or event.subject).strip()
    if not number or len(number) > MAX_CASE_NUMBER:
        raise InvalidInput(f"case_registered event {event.id} carries no usable case number")
    received_at = _received_at(message, event, now)
    decision = choose(tx, message.subcategory)
    if isinstance(decision, AssignTo):
        values = dict(status=AssignmentStatus.ASSIGNED.value, subcategory_code=decision.subcategory_code,
                      agency_code=decision.agency_code, assigned_at=now, assigned_by=AUTOMATIC_ASSIGNER)
    else:
        values = dict(status=AssignmentStatus.PENDING_DISPATCH.value, queue_reason=decision.reason,
                      queued_at=now)
    inserted = tx.session.execute(
        pg_insert(assignments)
        .values(case_number=number, received_at=received_at, subcategory_hint=message.subcategory[:100],
                manual=False, **values)
        .on_conflict_do_nothing()
        .returning(assignments.c.case_number)
    ).first()
    if inserted is None:
        log.info("case_already_assigned", case_number=number, event_id=event.id)
        return None
    if isinstance(decision, AssignTo):
        tx.publish("case_assigned", number, events_pb2.CaseAssigned(
            case_number=number, agency_code=decision.agency_code, subcategory_code=decision.subcategory_code,
            received_at=to_timestamp(received_at), assigned_at=to_timestamp(now), manual=False,
        ))
        log.info("case_assigned", case_number=number, agency_code=decision.agency_code,
                 subcategory_code=decision.subcategory_code, manual=False)
    else:
        tx.publish("case_queued_for_dispatch", number, events_pb2.CaseQueuedForDispatch(
            case_number=number, received_at=to_timestamp(received_at), reason=decision.reason,
        ))
        log.info("case_queued_for_dispatch", case_number=number, reason=decision.reason)
    return decision


def choose(tx: UnitOfWork, subcategory_hint: str) -> Decision:
    """The domain rule applied to the directory as it is in the database now."""
    return choose_assignment(subcategory_hint, default_agency_of(tx))


# -- reading and dispatching assignments -----------------------------------------------------------
def _assignment_query():
    return (
        select(assignments, agencies.c.name.label("agency_name"),
               subcategories.c.name.label("subcategory_name"))
        .outerjoin(agencies, agencies.c.code == assignments.c.agency_code)
        .outerjoin(subcategories, subcategories.c.code == assignments.c.subcategory_code)
    )


def get_assignment(tx: UnitOfWork, case_number: str):
    """The case's assignment; NotFound for an unknown case and for one whose registration has not
    reached routing yet (the caller may retry shortly)."""
    number = (case_number or "").strip()
    if not number:
        raise InvalidInput("case_number is required")
    row = tx.session.execute(_assignment_query().where(assignments.c.case_number == number)).first()
    if row is None:
        raise NotFound(f"no assignment for case {number[:MAX_CASE_NUMBER]!r}: the case is unknown or its "
                       "registration has not reached routing yet")
    return row


def list_dispatch_queue(tx: UnitOfWork, limit: int = 0):
    """PET-6.1: cases waiting for a receptionist, oldest received first."""
    return tx.session.execute(
        _assignment_query()
        .where(assignments.c.status == AssignmentStatus.PENDING_DISPATCH.value)
        .order_by(assignments.c.received_at, assignments.c.case_number)
        .limit(queue_limit(limit))
    ).all()


def dispatch_case(
    tx: UnitOfWork, case_number: str, *, subcategory_code: str, agency_code: str, dispatched_by: str,
    now: datetime | None = None,
):
    """PET-6.1: a receptionist dispatches a queued case; records who and when, announces ``case_assigned``
    (manual) and ``case_dispatched`` (the labelled example for the routing model)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    dispatch = validate_dispatch(
        subcategory_code=subcategory_code, agency_code=agency_code, dispatched_by=dispatched_by,
        default_agency_of=default_agency_of(tx), agency_codes=agency_codes(tx),
    )
    number = (case_number or "").strip()
    if not number:
        raise InvalidInput("case_number is required")
    # Row lock: of two receptionists dispatching the same case at once, the second waits for the
    # first's commit and then reads the case as assigned (READ COMMITTED re-reads a locked row).
    current = tx.session.execute(
        select(assignments).where(assignments.c.case_number == number).with_for_update()
    ).first()
    if current is None:
        raise NotFound(f"no case {number[:MAX_CASE_NUMBER]!r} waiting for dispatch: the case is unknown or "
                       "its registration has not reached routing yet")
    ensure_dispatchable(number, current.status, current.agency_code)
    tx.session.execute(
        assignments.update().where(assignments.c.case_number == number).values(
            status=AssignmentStatus.ASSIGNED.value, subcategory_code=dispatch.subcategory_code,
            agency_code=dispatch.agency_code, assigned_at=now, manual=True,
            assigned_by=dispatch.dispatched_by, dispatched_at=now, dispatched_by=dispatch.dispatched_by,
        )
    )
    tx.publish("case_assigned", number, events_pb2.CaseAssigned(
        case_number=number, agency_code=dispatch.agency_code, subcategory_code=dispatch.subcategory_code,
        received_at=to_timestamp(current.received_at), assigned_at=to_timestamp(now), manual=True,
    ))
    tx.publish("case_dispatched", number, events_pb2.CaseDispatched(
        case_number=number, agency_code=dispatch.agency_code, subcategory_code=dispatch.subcategory_code,
        dispatched_by=dispatch.dispatched_by, dispatched_at=to_timestamp(now), previous_status=current.status,
        received_at=to_timestamp(current.received_at),
    ))
    log.info("case_dispatched", case_number=number, agency_code=dispatch.agency_code,
             subcategory_code=dispatch.subcategory_code)
    return get_assignment(tx, number)
