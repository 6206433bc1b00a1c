"""Routing's use cases, as plain functions over a unit of work: route registered cases with the model
(PET-5), keep the manual dispatch queue and dispatch from it (PET-6.1), re-assign (PET-9.5), record the
corrections the model learns from, per-agency thresholds, the accuracy report, and the agency directory.

Outside systems come in as plain callables (``content_of``: the petition text from intake), so the
integration tests can hand in a fake."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.intake.v1 import events_pb2 as intake_events_pb2
from civicase.routing.v1 import events_pb2
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import InvalidInput, NotFound
from civicase_platform.events import CloudEvent
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from routing.adapters import model_registry
from routing.adapters.intake_content import PetitionContent
from routing.adapters.orm import (
    agencies,
    agency_thresholds,
    assignments,
    categories,
    corrections,
    subcategories,
)
from routing.domain import corrections as correction_rules
from routing.domain.accuracy import AccuracyCounts, report_window
from routing.domain.assignment import (
    AUTOMATIC_ASSIGNER,
    DEFAULT_AUTO_ASSIGN_THRESHOLD,
    AssignmentStatus,
    AssignTo,
    Decision,
    Suggestion,
    choose_assignment,
    ensure_dispatchable,
    ensure_reassignable,
    queue_limit,
    validate_dispatch,
    validate_reassignment,
    validate_threshold,
)
from routing.domain.classifier import Classifier, Prediction, train
from routing.domain.corpus import Example, load_split
from routing.domain.promotion import PromotionDecision, decide_promotion

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


ContentOf = Callable[[str], PetitionContent]


def _suggestion_rows(suggestions: tuple[Suggestion, ...]) -> list[dict]:
    return [{"subcategory_code": s.subcategory_code, "agency_code": s.agency_code, "score": round(s.score, 6)}
            for s in suggestions]


def _suggestion_messages(rows: list[dict]) -> list[events_pb2.RoutingSuggestion]:
    return [events_pb2.RoutingSuggestion(agency_code=r["agency_code"], subcategory_code=r["subcategory_code"],
                                         score=r["score"]) for r in rows or []]


def predict(classifier: Classifier, content: PetitionContent) -> Prediction | None:
    """The model's routing of the text, the citizen's sub-category weighed as a hint when it is a known
    one (an unknown or empty choice is no hint); None without text."""
    if not content.text.strip():
        return None
    hint = content.subcategory.strip().upper()
    return classifier.classify(content.text, hint if hint in classifier.taxonomy.subcategories else None)


def handle_case_registered(
    tx: UnitOfWork, event: CloudEvent, *, content_of: ContentOf, model: tuple[int, Classifier],
    default_threshold: float = DEFAULT_AUTO_ASSIGN_THRESHOLD, now: datetime | None = None,
) -> Decision | None:
    """PET-5 / PET-6.1: route a newly registered case with the promoted model. Confident enough for the
    predicted agency's threshold: assign it and announce ``case_assigned`` (with model version and
    confidence); else queue it for manual dispatch with the model's suggestions and announce
    ``case_queued_for_dispatch``. The row keeps the model version, confidence, top choice and suggestions.

    The text comes from intake (``content_of``); if intake fails this raises and the consumer retries.
    Returns the decision, or None when the case already has an assignment (a re-published
    ``case_registered`` under another event id changes nothing and asks intake nothing).
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    message = event.message(intake_events_pb2.CaseRegistered)
    number = (message.case_number or event.subject).strip()
    if not number or len(number) > MAX_CASE_NUMBER:
        raise InvalidInput(f"case_registered event {event.id} carries no usable case number")
    if tx.session.execute(select(assignments.c.case_number).where(assignments.c.case_number == number)).first():
        log.info("case_already_assigned", case_number=number, event_id=event.id)
        return None
    received_at = _received_at(message, event, now)
    content = content_of(number)
    if message.subcategory and not content.subcategory:
        content = PetitionContent(content.text, message.subcategory)
    version, classifier = model
    prediction = predict(classifier, content)
    decision = choose_assignment(prediction, default_agency_of=default_agency_of(tx),
                                 agency_thresholds=thresholds_by_agency(tx), default_threshold=default_threshold)
    suggestions = _suggestion_rows(decision.suggestions)
    model_values = dict(
        model_version=version if prediction else None,
        confidence=prediction.confidence if prediction else None,
        predicted_subcategory_code=prediction.subcategory if prediction else None,
        predicted_agency_code=prediction.agency if prediction else None,
        suggestions=suggestions,
    )
    if isinstance(decision, AssignTo):
        values = dict(status=AssignmentStatus.ASSIGNED.value, subcategory_code=decision.subcategory_code,
                      agency_code=decision.agency_code, assigned_at=now, assigned_by=AUTOMATIC_ASSIGNER,
                      auto_assigned=True)
    else:
        values = dict(status=AssignmentStatus.PENDING_DISPATCH.value, queue_reason=decision.reason,
                      queued_at=now, auto_assigned=False)
    inserted = tx.session.execute(
        pg_insert(assignments)
        .values(case_number=number, received_at=received_at, subcategory_hint=message.subcategory[:100],
                manual=False, **values, **model_values)
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
            model_version=version, confidence=decision.confidence,
        ))
        log.info("case_assigned", case_number=number, agency_code=decision.agency_code,
                 subcategory_code=decision.subcategory_code, manual=False, model_version=version,
                 confidence=round(decision.confidence, 3))
    else:
        tx.publish("case_queued_for_dispatch", number, events_pb2.CaseQueuedForDispatch(
            case_number=number, received_at=to_timestamp(received_at), reason=decision.reason,
            suggestions=_suggestion_messages(suggestions), model_version=version if prediction else 0,
        ))
        log.info("case_queued_for_dispatch", case_number=number, reason=decision.reason,
                 model_version=version, confidence=round(decision.confidence, 3))
    return decision


def thresholds_by_agency(tx: UnitOfWork) -> dict[str, float]:
    """PET-5: every agency's own auto-assign threshold (agencies without one use the default)."""
    return dict(tx.session.execute(select(agency_thresholds.c.agency_code, agency_thresholds.c.threshold)).all())


def list_agency_thresholds(tx: UnitOfWork):
    return tx.session.execute(select(agency_thresholds).order_by(agency_thresholds.c.agency_code)).all()


def set_agency_threshold(tx: UnitOfWork, agency_code: str, threshold: float, set_by: str,
                         now: datetime | None = None):
    """PET-5: an agency's auto-assign threshold, recording who set it and when."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    code = (agency_code or "").strip()
    who = (set_by or "").strip()
    problems = []
    if code not in agency_codes(tx):
        problems.append(f"agency_code {code[:60]!r} is not a known agency (see ListAgencies)")
    try:
        threshold = validate_threshold(threshold)
    except InvalidInput as exc:
        problems.append(str(exc))
    if not who or len(who) > 100:
        problems.append("set_by is required (at most 100 characters): who sets the threshold")
    if problems:
        raise InvalidInput("cannot set the threshold: " + "; ".join(problems))
    stmt = pg_insert(agency_thresholds).values(agency_code=code, threshold=threshold, set_by=who, set_at=now)
    row = tx.session.execute(
        stmt.on_conflict_do_update(index_elements=[agency_thresholds.c.agency_code],
                                   set_={"threshold": threshold, "set_by": who, "set_at": now})
        .returning(agency_thresholds)
    ).one()
    log.info("agency_threshold_set", agency_code=code, threshold=threshold, set_by=who)
    return row


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


def _locked_assignment(tx: UnitOfWork, case_number: str, where: str):
    """``(number, row)`` of the case, row-locked: of two receptionists moving one case at once, the second
    waits for the first's commit and then reads the case as it left it (READ COMMITTED re-reads a locked
    row). InvalidInput without a number; NotFound for a case routing does not know (yet)."""
    number = (case_number or "").strip()
    if not number:
        raise InvalidInput("case_number is required")
    current = tx.session.execute(
        select(assignments).where(assignments.c.case_number == number).with_for_update()
    ).first()
    if current is None:
        raise NotFound(f"no case {number[:MAX_CASE_NUMBER]!r} {where}: the case is unknown or its registration "
                       "has not reached routing yet")
    return number, current


def dispatch_case(
    tx: UnitOfWork, case_number: str, *, subcategory_code: str, agency_code: str, dispatched_by: str,
    now: datetime | None = None,
):
    """PET-6.1: a receptionist dispatches a queued case; records who and when, announces ``case_assigned``
    (manual) and ``case_dispatched`` — the labelled example for the routing model (PET-5), with the
    model's top suggestion as the label it would have given; ``record_correction`` stores it."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    dispatch = validate_dispatch(
        subcategory_code=subcategory_code, agency_code=agency_code, dispatched_by=dispatched_by,
        default_agency_of=default_agency_of(tx), agency_codes=agency_codes(tx),
    )
    number, current = _locked_assignment(tx, case_number, "waiting for dispatch")
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
        received_at=to_timestamp(current.received_at), model_version=current.model_version or 0,
        suggested_agency_code=current.predicted_agency_code or "",
        suggested_subcategory_code=current.predicted_subcategory_code or "",
    ))
    log.info("case_dispatched", case_number=number, agency_code=dispatch.agency_code,
             subcategory_code=dispatch.subcategory_code)
    return get_assignment(tx, number)


def reassign_case(
    tx: UnitOfWork, case_number: str, *, subcategory_code: str, agency_code: str, actor: str, reason: str,
    source: str = correction_rules.CorrectionSource.REASSIGNMENT.value, now: datetime | None = None,
):
    """PET-9.5: move an assigned case to another agency and/or sub-category with a recorded reason.

    Announces ``case_assigned`` again (reply moves the case and keeps its original deadline; alerts moves
    its count) and ``case_reassigned`` with the previous and new labels — the labelled example the model
    learns from (``record_correction``). A settled jurisdiction dispute (PET-9.4, not built yet) is to
    call this with ``source="jurisdiction_dispute"``: that is its hook into routing and into learning.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    target = validate_reassignment(
        subcategory_code=subcategory_code, agency_code=agency_code, actor=actor, reason=reason,
        default_agency_of=default_agency_of(tx), agency_codes=agency_codes(tx),
    )
    number, current = _locked_assignment(tx, case_number, "in routing")
    ensure_reassignable(number, current.status, current.subcategory_code, current.agency_code, target)
    tx.session.execute(
        assignments.update().where(assignments.c.case_number == number).values(
            subcategory_code=target.subcategory_code, agency_code=target.agency_code, assigned_at=now,
            manual=True, assigned_by=target.actor, reassigned_at=now, reassigned_by=target.actor,
            reassign_reason=target.reason, reassignments=current.reassignments + 1,
        )
    )
    tx.publish("case_assigned", number, events_pb2.CaseAssigned(
        case_number=number, agency_code=target.agency_code, subcategory_code=target.subcategory_code,
        received_at=to_timestamp(current.received_at), assigned_at=to_timestamp(now), manual=True,
        reassigned=True,
    ))
    tx.publish("case_reassigned", number, events_pb2.CaseReassigned(
        case_number=number, previous_agency_code=current.agency_code or "",
        previous_subcategory_code=current.subcategory_code or "", agency_code=target.agency_code,
        subcategory_code=target.subcategory_code, reassigned_by=target.actor, reason=target.reason,
        reassigned_at=to_timestamp(now), received_at=to_timestamp(current.received_at),
        model_version=current.model_version or 0, source=source,
        previous_auto_assigned=current.auto_assigned and current.reassignments == 0,
    ))
    log.info("case_reassigned", case_number=number, from_agency=current.agency_code, to_agency=target.agency_code,
             subcategory_code=target.subcategory_code, source=source)
    return get_assignment(tx, number)


# -- learning from corrections (PET-5) -------------------------------------------------------------
def record_correction(tx: UnitOfWork, event: CloudEvent, *, content_of: ContentOf):
    """Store the labelled example of a ``case_dispatched`` or ``case_reassigned`` event with the petition
    text from intake (a failure raises; the consumer retries). Idempotent per event id."""
    if event.type == "case_dispatched":
        dispatched = event.message(events_pb2.CaseDispatched)
        correction = correction_rules.from_dispatch(
            case_number=dispatched.case_number, subcategory_code=dispatched.subcategory_code,
            agency_code=dispatched.agency_code, dispatched_by=dispatched.dispatched_by,
            suggested_subcategory_code=dispatched.suggested_subcategory_code,
            suggested_agency_code=dispatched.suggested_agency_code, model_version=dispatched.model_version,
        )
    elif event.type == "case_reassigned":
        moved = event.message(events_pb2.CaseReassigned)
        correction = correction_rules.from_reassignment(
            case_number=moved.case_number, source=moved.source, subcategory_code=moved.subcategory_code,
            agency_code=moved.agency_code, previous_subcategory_code=moved.previous_subcategory_code,
            previous_agency_code=moved.previous_agency_code, reassigned_by=moved.reassigned_by,
            model_version=moved.model_version,
        )
    else:
        raise InvalidInput(f"event {event.id} of type {event.type!r} is not a correction")
    if not correction.case_number or not correction.subcategory_code:
        raise InvalidInput(f"{event.type} event {event.id} lacks the case number or the sub-category")
    content = content_of(correction.case_number)
    tx.session.execute(
        pg_insert(corrections).values(
            event_id=event.id, case_number=correction.case_number, source=correction.source.value,
            text=content.text, subcategory_code=correction.subcategory_code, agency_code=correction.agency_code,
            wrong_subcategory_code=correction.wrong_subcategory_code, wrong_agency_code=correction.wrong_agency_code,
            model_version=correction.model_version, actor=correction.actor[:100],
        ).on_conflict_do_nothing()
    )
    log.info("correction_recorded", case_number=correction.case_number, source=correction.source.value,
             model_was_wrong=correction.model_was_wrong, model_version=correction.model_version)
    return correction


def correction_examples(tx: UnitOfWork):
    """Every correction as a training example, one per case (the latest label)."""
    rows = tx.session.execute(
        select(corrections.c.case_number, corrections.c.text, corrections.c.subcategory_code)
        .order_by(corrections.c.id)
    ).all()
    return correction_rules.training_examples(rows)


# -- model versions and the accuracy report (PET-5) ------------------------------------------------
def list_model_versions(tx: UnitOfWork):
    return model_registry.list_versions(tx.session)


def _accuracy_rows(tx: UnitOfWork, since_at: datetime, bucket: str, *, key, final, predicted) -> list[AccuracyCounts]:
    """Counts per (period, key) of the cases the model routed since ``since_at``. ``key`` is the column to
    group by (None: all cases in one row per period; a waiting case has key ''); a case counts as right
    when ``predicted`` (the model's top choice) equals ``final`` (the label it has now)."""
    a = assignments.c
    period = func.date_trunc(bucket, func.timezone("Asia/Taipei", a.received_at)).label("period")
    key_column = (func.coalesce(key, "") if key is not None else literal_column("''")).label("key")
    hit = predicted == final

    def count_where(*conditions):
        return func.count(case((and_(*conditions), 1)))

    rows = tx.session.execute(
        select(
            period, key_column, func.count().label("cases"),
            count_where(a.auto_assigned).label("auto_assigned"),
            count_where(a.auto_assigned, hit).label("auto_correct"),
            count_where(~a.auto_assigned).label("queued"),
            count_where(~a.auto_assigned, a.status == AssignmentStatus.ASSIGNED.value, hit)
            .label("queued_top1_correct"),
        )
        .where(a.model_version.is_not(None), a.received_at >= since_at)
        .group_by(*([period] if key is None else [period, key_column]))
        .order_by(period, key_column)
    ).all()
    return [AccuracyCounts(r.period.date(), r.key, r.cases, r.auto_assigned, r.auto_correct, r.queued,
                           r.queued_top1_correct) for r in rows]


def routing_report(tx: UnitOfWork, *, since: str = "", bucket: str = "", now: datetime | None = None) -> dict:
    """PET-5 accuracy per period (receipt time in Asia/Taipei): the first-try correct rate of automatic
    routing overall and per agency (the model's agency against the final agency) and per sub-category
    (its sub-category against the final one), from live assignments and their corrections; and every
    model version's held-out figures."""
    day, bucket, since_at = report_window(since, bucket, now=now or datetime.now(UTC))
    a = assignments.c
    agency = dict(final=a.agency_code, predicted=a.predicted_agency_code)
    return {
        "since": day.isoformat(),
        "bucket": bucket,
        "overall": _accuracy_rows(tx, since_at, bucket, key=None, **agency),
        "by_agency": _accuracy_rows(tx, since_at, bucket, key=a.agency_code, **agency),
        "by_subcategory": _accuracy_rows(tx, since_at, bucket, key=a.subcategory_code,
                                         final=a.subcategory_code, predicted=a.predicted_subcategory_code),
        "model_versions": list_model_versions(tx),
        "agency_thresholds": list_agency_thresholds(tx),
    }


@dataclass(frozen=True)
class RetrainResult:
    version: int
    decision: PromotionDecision
    metrics: dict[str, Any]
    previous_version: int | None
    previous_metrics: dict[str, Any] | None
    corpus_examples: int
    correction_examples: int


def retrain(tx: UnitOfWork, *, min_gain: float = 0.0,
            trainer: Callable[[Sequence[Example]], Classifier] | None = None) -> RetrainResult:
    """PET-5: train a new model version on the corpus's training split plus every correction, measure it
    and the promoted version on the fixed held-out split in this same run, store it with its metrics,
    and promote it only if it is not worse (sub-category top-1 ≥ the promoted one's + ``min_gain``).

    The held-out split is never trained on, so versions stay comparable. Two runs at once take turns.
    """
    model_registry.lock_registry(tx.session)
    training, held_out = load_split("train"), load_split("test")
    extra = correction_examples(tx)
    candidate = (trainer or train)([*training, *extra])
    metrics = model_registry.held_out_metrics(candidate, held_out)
    previous = model_registry.promoted_version(tx.session)
    previous_metrics = (model_registry.held_out_metrics(model_registry.load_version(tx.session, previous), held_out)
                        if previous is not None else None)
    decision = decide_promotion(metrics, previous_metrics, min_gain)
    newest = tx.session.execute(select(func.max(corrections.c.created_at))).scalar_one_or_none()
    described = f"corpus train.jsonl ({len(training)}) + {len(extra)} corrections"
    if newest is not None:
        described += f" (up to {newest.astimezone(UTC).date().isoformat()})"
    version = model_registry.store_version(
        tx.session, candidate, training_set=described, training_examples=len(training) + len(extra),
        corrections=len(extra), metrics={**metrics, "promotion": decision.reason}, promote=decision.promote,
    )
    return RetrainResult(version, decision, metrics, previous, previous_metrics, len(training), len(extra))
