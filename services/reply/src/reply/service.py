"""The reply nameko service: gRPC and event entrypoints only — translate, call one handler, map back."""

from __future__ import annotations

from nameko.events import event_handler
from nameko_grpc.entrypoint import Grpc

from civicase.reply.v1 import reply_api_pb2, reply_api_pb2_grpc
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform import grpc_support
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, consumes, grpc_errors
from reply import handlers
from reply.adapters import orm
from reply.domain.replies import Level, validate_reply

configure_logging("reply")
grpc = Grpc.implementing(reply_api_pb2_grpc.ReplyServiceStub)

LEVEL_FROM_PROTO = {reply_api_pb2.LEVEL_A: Level.A, reply_api_pb2.LEVEL_B: Level.B}


def _status(status: handlers.CaseReplyStatus) -> reply_api_pb2.CaseReplyStatus:
    return reply_api_pb2.CaseReplyStatus(
        case_number=status.case_number,
        agency_code=status.agency_code,
        state=status.state.value,
        deadline_rule=status.deadline_rule,
        reply_due=to_timestamp(status.reply_due),
        replies=[
            reply_api_pb2.Reply(
                content=r.content, level=handlers.LEVEL_TO_PROTO[r.level],
                replied_at=to_timestamp(r.replied_at), handler=r.handler, case_item=r.case_item,
                legality_question=r.legality_question,
            )
            for r in status.replies
        ],
        subcategory_code=status.subcategory_code,
        received_at=to_timestamp(status.received_at),
        assigned_at=to_timestamp(status.assigned_at),
    )


class ReplyService(grpc_support.HealthCheck):
    name = "reply"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()

    @event_handler("routing", "case_assigned")
    @consumes("reply.handle_case_assigned")
    def handle_case_assigned(self, tx, event):
        """Record the assigned case and open PET-7.4; a re-assignment moves it (same deadline)."""
        msg = event.message(routing_events_pb2.CaseAssigned)
        handlers.record_assignment(tx, handlers.Assignment(
            case_number=msg.case_number, agency_code=msg.agency_code, subcategory_code=msg.subcategory_code,
            received_at=from_timestamp(msg.received_at) if msg.HasField("received_at") else None,
            assigned_at=from_timestamp(msg.assigned_at) if msg.HasField("assigned_at") else None,
        ))

    @grpc
    @grpc_errors
    def RecordReply(self, request, context):
        """Record a reply (PET-7.3). LEVEL_A closes the case (PET-8.1); LEVEL_B is accepted only as the
        first reply and opens PET-7.4-B (PET-8.2). INVALID_ARGUMENT lists every problem; NOT_FOUND for
        a case routing never assigned; FAILED_PRECONDITION for a closed case or a second level B."""
        draft = validate_reply(
            case_number=request.case_number, content=request.content,
            level=LEVEL_FROM_PROTO.get(request.level), handler=request.handler,
            case_item=request.case_item, legality_question=request.legality_question,
        )
        with self.uow() as tx:
            status = handlers.record_reply(tx, draft)
            tx.commit()
        return _status(status)

    @grpc
    @grpc_errors
    def GetCaseReplyStatus(self, request, context):
        """Agency, state, open deadline and replies of a case; NOT_FOUND if reply does not know it."""
        with self.uow() as tx:
            return _status(handlers.get_status(tx, request.case_number))
