"""The routing nameko service: the ``case_registered`` consumer and the gRPC entrypoints — translate,
call one handler, map back."""

from __future__ import annotations

from nameko.events import event_handler
from nameko_grpc.entrypoint import Grpc

from civicase.routing.v1 import routing_api_pb2, routing_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, consumes, grpc_errors
from routing import handlers
from routing.adapters import orm
from routing.adapters.startup import DirectoryAtStart

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
    )


class RoutingService(grpc_support.HealthCheck):
    name = "routing"

    uow = Database(orm.outbox, orm.inbox)
    directory = DirectoryAtStart()
    correlation = CorrelationId()

    @event_handler("intake", "case_registered")
    @consumes("routing.handle_case_registered")
    def handle_case_registered(self, tx, event):
        """PET-5 / PET-6.1: assign the case or queue it for manual dispatch (idempotent per event id)."""
        handlers.handle_case_registered(tx, event)

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
