"""Who takes a newly registered case, and what a receptionist's manual dispatch must contain.

PET-5 (automatic routing by the model, with a confidence threshold per agency), PET-6.1 (receptionists
dispatch what could not be routed confidently) and PET-9.5 (re-assignment with a reason). Pure rules:
no nameko, SQLAlchemy or protobuf here. The directory is passed in as plain mappings, so the same
rules serve the event handler, the dispatch rpc and the unit tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from civicase_platform.errors import Conflict, InvalidInput
from routing.domain.classifier import Prediction

AUTOMATIC_ASSIGNER = "routing"
MAX_PERSON_ID = 100


class AssignmentStatus(StrEnum):
    """Names match ``civicase.routing.v1.AssignmentStatus``."""

    ASSIGNED = "ASSIGNMENT_STATUS_ASSIGNED"
    PENDING_DISPATCH = "ASSIGNMENT_STATUS_PENDING_DISPATCH"


DEFAULT_AUTO_ASSIGN_THRESHOLD = 0.6
"""The model's confidence needed to auto-assign when an agency has set none (``ROUTING_AUTO_ASSIGN_THRESHOLD``).

Chosen by 4-fold cross-validation on the TRAINING split (``bench/routing.py`` prints the whole trade-off):
at 0.6 about 83 % of petitions are auto-assigned and the agency is wrong for about 8 % of those, against
15 % wrong when everything is auto-assigned. The training split holds the harder texts, so live figures
should be better on both counts."""
MIN_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    """One of the routing model's ranked choices (PET-5)."""

    subcategory_code: str
    agency_code: str
    score: float


@dataclass(frozen=True)
class AssignTo:
    """Assign the case automatically to ``agency_code`` under ``subcategory_code``."""

    subcategory_code: str
    agency_code: str
    confidence: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class QueueForDispatch:
    """Put the case in the receptionists' manual dispatch queue (PET-6.1), saying why, with the model's
    suggestions for the receptionist."""

    reason: str
    suggestions: tuple[Suggestion, ...] = ()
    confidence: float = 0.0


Decision = AssignTo | QueueForDispatch


def suggestions_of(prediction: Prediction) -> tuple[Suggestion, ...]:
    """The prediction's top choice and its alternatives, best first."""
    return (
        Suggestion(prediction.subcategory, prediction.agency, prediction.confidence),
        *(Suggestion(a.subcategory, a.agency, a.score) for a in prediction.alternatives),
    )


def validate_threshold(value: float) -> float:
    """A confidence threshold: a number in (0, 1]. 1 means "never auto-assign" in practice."""
    if not isinstance(value, int | float) or math.isnan(value) or not 0.0 < value <= 1.0:
        raise InvalidInput(f"threshold must be a number greater than 0 and at most 1, not {value!r}")
    return float(value)


def threshold_for(agency_code: str, agency_thresholds: Mapping[str, float], default: float) -> float:
    """The threshold that applies to a case predicted for ``agency_code``: the agency's own, else the default."""
    return agency_thresholds.get(agency_code, default)


def choose_assignment(
    prediction: Prediction | None,
    *,
    default_agency_of: Mapping[str, str],
    agency_thresholds: Mapping[str, float],
    default_threshold: float = DEFAULT_AUTO_ASSIGN_THRESHOLD,
) -> Decision:
    """PET-5 / PET-6.1: decide where a newly registered case goes from the routing model's prediction.

    The model has already weighed the citizen's sub-category as a hint (a prior, not the truth). The case
    is auto-assigned to the predicted sub-category and agency when the calibrated confidence reaches the
    threshold of the predicted agency (its own setting, else ``default_threshold``); otherwise it waits
    for a receptionist with the model's suggestions. ``default_agency_of`` maps every sub-category in the
    directory to its default agency: a prediction outside the directory is never auto-assigned.
    """
    if prediction is None:
        return QueueForDispatch("no petition text to classify")
    suggestions = tuple(s for s in suggestions_of(prediction) if s.subcategory_code in default_agency_of)
    if prediction.subcategory not in default_agency_of:
        return QueueForDispatch(f"predicted sub-category {prediction.subcategory} is not in the directory",
                                suggestions, prediction.confidence)
    threshold = threshold_for(prediction.agency, agency_thresholds, default_threshold)
    if prediction.confidence >= threshold:
        return AssignTo(prediction.subcategory, prediction.agency, prediction.confidence, suggestions)
    return QueueForDispatch(
        f"routing model not confident enough: {prediction.confidence:.2f} < {threshold:.2f} needed for "
        f"{prediction.agency}",
        suggestions, prediction.confidence,
    )


@dataclass(frozen=True)
class Dispatch:
    """A receptionist's validated decision for a queued case."""

    subcategory_code: str
    agency_code: str
    dispatched_by: str


def _target_problems(subcategory_code: str, agency_code: str, default_agency_of: Mapping[str, str],
                     agency_codes: set[str] | frozenset[str]) -> list[str]:
    problems: list[str] = []
    if not subcategory_code:
        problems.append("subcategory_code is required: choose the sub-category the case belongs to")
    elif subcategory_code not in default_agency_of:
        problems.append(f"subcategory_code {subcategory_code[:60]!r} is not a known sub-category "
                        "(see ListSubcategories)")
    if agency_code and agency_code not in agency_codes:
        problems.append(f"agency_code {agency_code[:60]!r} is not a known agency (see ListAgencies), "
                        "or leave it empty for the sub-category's default agency")
    return problems


def _person_problems(field: str, person: str, who: str) -> list[str]:
    if not person:
        return [f"{field} is required: {who}"]
    if len(person) > MAX_PERSON_ID:
        return [f"{field} is longer than {MAX_PERSON_ID} characters"]
    return []


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
    problems = _target_problems(subcategory_code, agency_code, default_agency_of, agency_codes)
    problems += _person_problems("dispatched_by", dispatched_by, "the receptionist who dispatches the case")
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


MAX_REASON = 1000


@dataclass(frozen=True)
class Reassignment:
    """A validated re-assignment (PET-9.5): where to, by whom, and why."""

    subcategory_code: str
    agency_code: str
    actor: str
    reason: str


def validate_reassignment(
    *,
    subcategory_code: str,
    agency_code: str,
    actor: str,
    reason: str,
    default_agency_of: Mapping[str, str],
    agency_codes: set[str] | frozenset[str],
) -> Reassignment:
    """PET-9.5: the same target rules as a dispatch, the person who re-assigns, and the specific reason
    (required). Raises ``InvalidInput`` listing every problem."""
    subcategory_code = (subcategory_code or "").strip()
    agency_code = (agency_code or "").strip()
    actor = (actor or "").strip()
    reason = (reason or "").strip()
    problems = _target_problems(subcategory_code, agency_code, default_agency_of, agency_codes)
    problems += _person_problems("actor", actor, "the person who re-assigns the case")
    if not reason:
        problems.append("reason is required: record the specific reason for the re-assignment (PET-9.5)")
    elif len(reason) > MAX_REASON:
        problems.append(f"reason is longer than {MAX_REASON} characters")
    if problems:
        raise InvalidInput("cannot re-assign the case: " + "; ".join(problems))
    return Reassignment(subcategory_code, agency_code or default_agency_of[subcategory_code], actor, reason)


def ensure_reassignable(case_number: str, status: str, current_subcategory: str | None,
                        current_agency: str | None, target: Reassignment) -> None:
    """Only an assigned case can be re-assigned (a queued one is dispatched), and only somewhere else."""
    if status != AssignmentStatus.ASSIGNED.value:
        raise Conflict(f"case {case_number} is waiting in the dispatch queue and has no agency yet: dispatch "
                       "it instead of re-assigning it (PET-6.1)")
    if (current_subcategory, current_agency) == (target.subcategory_code, target.agency_code):
        raise Conflict(f"case {case_number} is already assigned to {target.agency_code} under "
                       f"{target.subcategory_code}; nothing to re-assign")


DEFAULT_QUEUE_LIMIT = 50
MAX_QUEUE_LIMIT = 500


def queue_limit(requested: int) -> int:
    """ListDispatchQueue's page size: 0 means the default, larger than the maximum is capped."""
    if requested < 0:
        raise InvalidInput(f"limit must be 0 (default {DEFAULT_QUEUE_LIMIT}) or positive, not {requested}")
    if requested == 0:
        return DEFAULT_QUEUE_LIMIT
    return min(requested, MAX_QUEUE_LIMIT)
