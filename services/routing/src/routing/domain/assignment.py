"""Who takes a newly registered case, and what a receptionist's manual dispatch must contain.

PET-5 (automatic routing) and PET-6.1 (receptionists dispatch what could not be routed). Pure rules:
no nameko, SQLAlchemy or protobuf here. The directory is passed in as plain mappings, so the same
rules serve the event handler, the dispatch rpc and the unit tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from civicase_platform.errors import Conflict, InvalidInput

AUTOMATIC_ASSIGNER = "routing"
MAX_PERSON_ID = 100


class AssignmentStatus(StrEnum):
    """Names match ``civicase.routing.v1.AssignmentStatus``."""

    ASSIGNED = "ASSIGNMENT_STATUS_ASSIGNED"
    PENDING_DISPATCH = "ASSIGNMENT_STATUS_PENDING_DISPATCH"


@dataclass(frozen=True)
class AssignTo:
    """Assign the case automatically to ``agency_code`` under ``subcategory_code``."""

    subcategory_code: str
    agency_code: str


@dataclass(frozen=True)
class QueueForDispatch:
    """Put the case in the receptionists' manual dispatch queue (PET-6.1), saying why."""

    reason: str


Decision = AssignTo | QueueForDispatch


def choose_assignment(subcategory_hint: str, default_agency_of: Mapping[str, str]) -> Decision:
    """Decide where a newly registered case goes.

    ``default_agency_of`` maps every known sub-category code to its default agency code. A known
    sub-category chosen by the citizen is routed to its default agency; an empty or unknown one goes to
    the manual dispatch queue. (Issue 5 adds the classifier's suggestion as a further input here.)
    """
    hint = (subcategory_hint or "").strip()
    if not hint:
        return QueueForDispatch("no sub-category chosen")
    agency = default_agency_of.get(hint)
    if agency is None:
        return QueueForDispatch(f"unknown sub-category {hint[:60]}")
    return AssignTo(subcategory_code=hint, agency_code=agency)


@dataclass(frozen=True)
class Dispatch:
    """A receptionist's validated decision for a queued case."""

    subcategory_code: str
    agency_code: str
    dispatched_by: str


def validate_dispatch(
    *,
    subcategory_code: str,
    agency_code: str,
    dispatched_by: str,
    default_agency_of: Mapping[str, str],
    agency_codes: set[str] | frozenset[str],
) -> Dispatch:
    """PET-6.1: the sub-category is required and must exist; the agency, if given, must exist (else the
    sub-category's default agency); the receptionist must be named. Raises ``InvalidInput`` listing
    every problem."""
    subcategory_code = (subcategory_code or "").strip()
    agency_code = (agency_code or "").strip()
    dispatched_by = (dispatched_by or "").strip()
    problems: list[str] = []
    if not subcategory_code:
        problems.append("subcategory_code is required: choose the sub-category the case belongs to")
    elif subcategory_code not in default_agency_of:
        problems.append(f"subcategory_code {subcategory_code[:60]!r} is not a known sub-category "
                        "(see ListSubcategories)")
    if agency_code and agency_code not in agency_codes:
        problems.append(f"agency_code {agency_code[:60]!r} is not a known agency (see ListAgencies), "
                        "or leave it empty for the sub-category's default agency")
    if not dispatched_by:
        problems.append("dispatched_by is required: the receptionist who dispatches the case")
    elif len(dispatched_by) > MAX_PERSON_ID:
        problems.append(f"dispatched_by is longer than {MAX_PERSON_ID} characters")
    if problems:
        raise InvalidInput("cannot dispatch the case: " + "; ".join(problems))
    return Dispatch(
        subcategory_code=subcategory_code,
        agency_code=agency_code or default_agency_of[subcategory_code],
        dispatched_by=dispatched_by,
    )


def ensure_dispatchable(case_number: str, status: str, agency_code: str | None) -> None:
    """Only a case waiting in the dispatch queue can be dispatched; re-assigning an assigned case is
    PET-9.5's reasoned re-assignment, not dispatch."""
    if status != AssignmentStatus.PENDING_DISPATCH.value:
        raise Conflict(
            f"case {case_number} is already assigned to {agency_code or 'an agency'}; dispatch is only "
            "for cases waiting in the dispatch queue (a re-assignment needs a recorded reason, PET-9.5)"
        )


DEFAULT_QUEUE_LIMIT = 50
MAX_QUEUE_LIMIT = 500


def queue_limit(requested: int) -> int:
    """ListDispatchQueue's page size: 0 means the default, larger than the maximum is capped."""
    if requested < 0:
        raise InvalidInput(f"limit must be 0 (default {DEFAULT_QUEUE_LIMIT}) or positive, not {requested}")
    if requested == 0:
        return DEFAULT_QUEUE_LIMIT
    return min(requested, MAX_QUEUE_LIMIT)
