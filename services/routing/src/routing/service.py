"""The routing nameko service: the ``case_registered`` consumer and the gRPC entrypoints — translate,
call one handler, map back."""

from __future__ import annotations

import json

from nameko.events import event_handler
from nameko_grpc.entrypoint import Grpc

from civicase.intake.v1 import intake_api_pb2_grpc
from civicase.routing.v1 import events_pb2, routing_api_pb2, routing_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, ServiceClient, consumes, grpc_errors
from routing import handlers
from routing.adapters import orm
from routing.adapters.intake_content import PetitionContent, fetch_petition
from routing.adapters.startup import DirectoryAtStart, RoutingModelAtStart
from routing.domain.accuracy import AccuracyCounts

configure_logging("routing")
grpc = Grpc.implementing(routing_api_pb2_grpc.RoutingServiceStub)


def _assignment(row) -> routing_api_pb2.Assignment:
    return routing_api_pb2.Assignment(
        case_number=row.case_number,
        status=routing_api_pb2.AssignmentStatus.Value(row.status),
        agency_code=row.agency_code or "",
        agency_name=row.agency_name or "",
        subcategory_code=row.subcategory_code or "",
        subcategory_name=row.subcategory_name or "",
        received_at=to_timestamp(row.received_at),
        assigned_at=to_timestamp(row.assigned_at),
        manual=row.manual,
        dispatched_by=row.dispatched_by,
        dispatched_at=to_timestamp(row.dispatched_at),
        queue_reason=row.queue_reason,
        subcategory_hint=row.subcategory_hint,
        model_version=row.model_version or 0,
        confidence=row.confidence or 0.0,
        suggestions=[events_pb2.RoutingSuggestion(agency_code=s["agency_code"], subcategory_code=s["subcategory_code"],
                                                  score=s["score"]) for s in row.suggestions or []],
        auto_assigned=row.auto_assigned,
        reassigned_by=row.reassigned_by,
        reassign_reason=row.reassign_reason,
        reassigned_at=to_timestamp(row.reassigned_at),
    )


def _model_version(row) -> routing_api_pb2.ModelVersion:
    metrics = row.metrics or {}
    return routing_api_pb2.ModelVersion(
        version=row.version, created_at=to_timestamp(row.created_at), training_set=row.training_set,
        promoted=row.promoted, agency_top1=metrics.get("agency_top1", 0.0),
        subcategory_top1=metrics.get("subcategory_top1", 0.0), subcategory_top3=metrics.get("subcategory_top3", 0.0),
        held_out_examples=metrics.get("n", 0), metrics_json=json.dumps(metrics, ensure_ascii=False, sort_keys=True),
        promoted_at=to_timestamp(row.promoted_at),
    )


def _threshold(row) -> routing_api_pb2.AgencyThreshold:
    return routing_api_pb2.AgencyThreshold(agency_code=row.agency_code, threshold=row.threshold, set_by=row.set_by,
                                           set_at=to_timestamp(row.set_at))


def _accuracy(counts: AccuracyCounts) -> routing_api_pb2.AccuracyRow:
    return routing_api_pb2.AccuracyRow(
        period_start=counts.period_start.isoformat(), key=counts.key, cases=counts.cases,
        auto_assigned=counts.auto_assigned, auto_correct=counts.auto_correct,
        first_try_correct_rate=counts.first_try_correct_rate, queued=counts.queued,
        queued_top1_correct=counts.queued_top1_correct, corrected=counts.corrected,
    )


class RoutingService(grpc_support.HealthCheck):
    name = "routing"

    uow = Database(orm.outbox, orm.inbox)
    directory = DirectoryAtStart()
    model = RoutingModelAtStart()
    intake_grpc = ServiceClient("intake", intake_api_pb2_grpc.IntakeServiceStub)
    correlation = CorrelationId()

    def _content_of(self, case_number: str) -> PetitionContent:
        return fetch_petition(self.intake_grpc, case_number)

    @event_handler("intake", "case_registered")
    @consumes("routing.handle_case_registered")
    def handle_case_registered(self, tx, event):
        """PET-5 / PET-6.1: route the case with the model, or queue it with the model's suggestions
        (idempotent per event id; the text is asked from intake, a failure is retried then dead-lettered)."""
        handlers.handle_case_registered(tx, event, content_of=self._content_of, model=self.model.current(),
                                        default_threshold=self.model.default_threshold)

    @event_handler("routing", "case_dispatched")
    @consumes("routing.record_dispatch_correction")
    def handle_case_dispatched(self, tx, event):
        """PET-5: a manual dispatch is a labelled example for the next model version."""
        handlers.record_correction(tx, event, content_of=self._content_of)

    @event_handler("routing", "case_reassigned")
    @consumes("routing.record_reassignment_correction")
    def handle_case_reassigned(self, tx, event):
        """PET-5: a re-assignment (PET-9.5) or settled dispute (PET-9.4) is a labelled example."""
        handlers.record_correction(tx, event, content_of=self._content_of)

    @grpc
    @grpc_errors
    def ListAgencies(self, request, context):  # noqa: N802
        with self.uow() as tx:
            rows = handlers.list_agencies(tx)
        return routing_api_pb2.ListAgenciesResponse(agencies=[
            routing_api_pb2.Agency(code=r.code, number=r.number, name=r.name, name_en=r.name_en,
                                   parent_code=r.parent_code or "")
            for r in rows
        ])

    @grpc
    @grpc_errors
    def ListSubcategories(self, request, context):  # noqa: N802
        with self.uow() as tx:
            rows = handlers.list_subcategories(tx)
        return routing_api_pb2.ListSubcategoriesResponse(subcategories=[
            routing_api_pb2.Subcategory(
                code=r.code, name=r.name, category_code=r.category, category_name=r.category_name,
                default_agency_code=r.default_agency_code,
                verified_identity_required=r.verified_identity_required,
            )
            for r in rows
        ])

    @grpc
    @grpc_errors
    def GetAssignment(self, request, context):  # noqa: N802
        """NOT_FOUND for an unknown case and for one whose registration has not arrived yet."""
        with self.uow() as tx:
            return _assignment(handlers.get_assignment(tx, request.case_number))

    @grpc
    @grpc_errors
    def ListDispatchQueue(self, request, context):  # noqa: N802
        """PET-6.1: queued cases, oldest first; limit 0 = 50, capped at 500."""
        with self.uow() as tx:
            rows = handlers.list_dispatch_queue(tx, request.limit)
        return routing_api_pb2.ListDispatchQueueResponse(cases=[_assignment(r) for r in rows])

    @grpc
    @grpc_errors
    def DispatchCase(self, request, context):  # noqa: N802
        """PET-6.1: INVALID_ARGUMENT lists every problem; NOT_FOUND for an unknown case;
        FAILED_PRECONDITION for a case that is already assigned."""
        with self.uow() as tx:
            row = handlers.dispatch_case(
                tx, request.case_number, subcategory_code=request.subcategory_code,
                agency_code=request.agency_code, dispatched_by=request.dispatched_by,
            )
            tx.commit()
        return _assignment(row)

    @grpc
    @grpc_errors
    def ReassignCase(self, request, context):  # noqa: N802
        """PET-9.5: INVALID_ARGUMENT lists every problem (the reason is required); NOT_FOUND for an unknown
        case; FAILED_PRECONDITION for a queued case (dispatch it) or one already there."""
        with self.uow() as tx:
            row = handlers.reassign_case(
                tx, request.case_number, subcategory_code=request.subcategory_code,
                agency_code=request.agency_code, actor=request.actor, reason=request.reason,
            )
            tx.commit()
        return _assignment(row)

    @grpc
    @grpc_errors
    def SetAgencyThreshold(self, request, context):  # noqa: N802
        """PET-5: INVALID_ARGUMENT for an unknown agency, a threshold outside (0, 1] or no set_by."""
        with self.uow() as tx:
            row = handlers.set_agency_threshold(tx, request.agency_code, request.threshold, request.set_by)
            tx.commit()
        return _threshold(row)

    @grpc
    @grpc_errors
    def ListModelVersions(self, request, context):  # noqa: N802
        with self.uow() as tx:
            rows = handlers.list_model_versions(tx)
        return routing_api_pb2.ListModelVersionsResponse(versions=[_model_version(r) for r in rows])

    @grpc
    @grpc_errors
    def GetRoutingReport(self, request, context):  # noqa: N802
        """PET-5: INVALID_ARGUMENT for a since that is not YYYY-MM-DD or an unknown bucket."""
        with self.uow() as tx:
            report = handlers.routing_report(tx, since=request.since, bucket=request.bucket)
        return routing_api_pb2.RoutingReport(
            since=report["since"], bucket=report["bucket"],
            overall=[_accuracy(c) for c in report["overall"]],
            by_agency=[_accuracy(c) for c in report["by_agency"]],
            by_subcategory=[_accuracy(c) for c in report["by_subcategory"]],
            model_versions=[_model_version(r) for r in report["model_versions"]],
            default_threshold=self.model.default_threshold,
            agency_thresholds=[_threshold(r) for r in report["agency_thresholds"]],
        )
