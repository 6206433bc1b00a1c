"""The reply nameko service: gRPC and event entrypoints only — translate, call one handler, map back."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from grpc import StatusCode
from nameko.events import event_handler
from nameko.timer import timer
from nameko_grpc.entrypoint import Grpc
from nameko_grpc.errors import GrpcError

from civicase.alerts.v1 import events_pb2 as alerts_events_pb2
from civicase.intake.v1 import intake_api_pb2, intake_api_pb2_grpc
from civicase.reply.v1 import events_pb2, reply_api_pb2, reply_api_pb2_grpc
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform import grpc_support, settings
from civicase_platform.closures import closure_from_event
from civicase_platform.errors import PermissionDenied
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, ServiceClient, consumes, grpc_errors
from reply import closure_handlers, handlers, masking_handlers
from reply.adapters import orm
from reply.domain.masking import Known
from reply.domain.replies import Level, validate_reply

configure_logging("reply")
log = structlog.get_logger(__name__)
grpc = Grpc.implementing(reply_api_pb2_grpc.ReplyServiceStub)

#: How often the masking timer publishes due copies and retries replies without copies (seconds).
MASKING_TIMER_SECONDS = float(settings.get("MASKING_TIMER_SECONDS", "60"))
#: How often deadlines are checked against the closure days recorded in the last minutes (seconds).
CLOSURE_RECHECK_SECONDS = float(settings.get("CLOSURE_RECHECK_SECONDS", "60"))
INTAKE_TIMEOUT = 5.0

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


def _span(span) -> reply_api_pb2.MaskSpan:
    return reply_api_pb2.MaskSpan(start=span.start, end=span.end, type=span.type.value)


def _copy(view: masking_handlers.MaskedCopyView) -> reply_api_pb2.MaskedCopy:
    return reply_api_pb2.MaskedCopy(
        id=view.id, case_number=view.case_number, kind=view.kind.value, agency_code=view.agency_code,
        masked_text=view.masked_text, spans=[_span(s) for s in view.spans], state=view.state.value,
        due=to_timestamp(view.due), replied_at=to_timestamp(view.replied_at), reviewed_by=view.reviewed_by,
        reviewed_at=to_timestamp(view.reviewed_at), published_at=to_timestamp(view.published_at),
        overdue=view.overdue, created_at=to_timestamp(view.created_at),
    )


def _edits(spans) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.type.strip().upper()) for s in spans]


class ReplyService(grpc_support.HealthCheck):
    name = "reply"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()
    intake = ServiceClient("intake", intake_api_pb2_grpc.IntakeServiceStub)

    def _case_text(self, case_number: str) -> masking_handlers.CaseText | None:
        """The case content and the petitioner's contact from intake (None if intake does not know the
        case). Any other failure raises, so the consumer retries and the timer tries again later."""
        try:
            found = self.intake.GetCaseContent(intake_api_pb2.GetCaseRequest(case_number=case_number),
                                               timeout=INTAKE_TIMEOUT)
        except GrpcError as exc:
            if exc.code == StatusCode.NOT_FOUND:
                return None
            raise
        person = found.petitioner
        return masking_handlers.CaseText(
            subject=found.subject, content=found.content,
            known=Known(name=person.name or None, phone=person.phone or None, email=person.email or None,
                        address=person.address or None),
        )

    @event_handler("reply", "case_replied")
    @consumes("reply.handle_case_replied")
    def handle_case_replied(self, tx, event):
        """PET-7.3/PET-12: mask the reply and the case content (petitioner's own data as known context)
        into copies due by the next working day. Decoupled from RecordReply, so a reply is recorded
        even when intake is down; a failure here is retried, then left to the masking timer."""
        msg = event.message(events_pb2.CaseReplied)
        reply_id = masking_handlers.find_reply_id(tx, msg.case_number, from_timestamp(msg.replied_at))
        if reply_id is None:
            log.warning("case_replied_reply_unknown", case_number=msg.case_number)
            return
        masking_handlers.create_masked_copies(tx, reply_id, self._case_text(msg.case_number),
                                              calendar=orm.closure_calendar(tx))

    @timer(interval=MASKING_TIMER_SECONDS)
    def masking_timer(self):
        """Publish unreviewed copies whose due has passed (safe with several instances: SKIP LOCKED),
        then retry replies that still have no masked copy (intake was down)."""
        published = masking_handlers.publish_due_copies(self.uow)
        if published:
            log.info("masking_timer_published", copies=len(published))
        with self.uow() as tx:
            waiting = masking_handlers.replies_awaiting_masking(
                tx, replied_before=datetime.now(UTC) - masking_handlers.AWAITING_GRACE)
        for reply_id, case_number in waiting:
            try:
                case_text = self._case_text(case_number)
                with self.uow() as tx:
                    masking_handlers.create_masked_copies(tx, reply_id, case_text,
                                                          calendar=orm.closure_calendar(tx))
                    tx.commit()
            except Exception as exc:  # intake still down: the next tick tries again
                log.warning("masking_retry_failed", case_number=case_number, error_type=type(exc).__name__)
                return

    @timer(interval=CLOSURE_RECHECK_SECONDS)
    def closure_recheck_timer(self):
        """Calendar (closures): move open deadlines a recent closure missed (opened concurrently with it, or
        counted by another instance with a calendar cached from before it). Idempotent; safe with several
        instances (rows locked)."""
        with self.uow() as tx:
            closure_handlers.recheck_recent_closures(tx)
            tx.commit()

    @event_handler("routing", "case_assigned")
    @consumes("reply.handle_case_assigned")
    def handle_case_assigned(self, tx, event):
        """Record the assigned case and open PET-7.4; a re-assignment moves it (same deadline)."""
        msg = event.message(routing_events_pb2.CaseAssigned)
        handlers.record_assignment(tx, handlers.Assignment(
            case_number=msg.case_number, agency_code=msg.agency_code, subcategory_code=msg.subcategory_code,
            received_at=from_timestamp(msg.received_at) if msg.HasField("received_at") else None,
            assigned_at=from_timestamp(msg.assigned_at) if msg.HasField("assigned_at") else None,
        ), calendar=orm.closure_calendar(tx))

    @event_handler("alerts", "closure_declared")
    @consumes("reply.handle_closure_declared")
    def handle_closure_declared(self, tx, event):
        """Calendar (closures): keep the closure day and move the open PET-7.4, PET-7.4-B and PET-7.3
        deadlines whose counting window contains it (deadline_set again with the new due)."""
        closure_handlers.apply_closure(tx, closure_from_event(
            event.message(alerts_events_pb2.ClosureDeclared)))

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
            status = handlers.record_reply(tx, draft, calendar=orm.closure_calendar(tx))
            tx.commit()
        return _status(status)

    @grpc
    @grpc_errors
    def GetCaseReplyStatus(self, request, context):
        """Agency, state, open deadline and replies of a case; NOT_FOUND if reply does not know it."""
        with self.uow() as tx:
            return _status(handlers.get_status(tx, request.case_number))

    # -- masked copies (PET-7.3, PET-12) ---------------------------------------------------------------

    @grpc
    @grpc_errors
    def GetMaskedCopies(self, request, context):
        """The masked copies of a case, oldest first; published_only for what the public may see."""
        with self.uow() as tx:
            views = masking_handlers.get_masked_copies(tx, request.case_number,
                                                       published_only=request.published_only)
        return reply_api_pb2.MaskedCopies(copies=[_copy(v) for v in views])

    @grpc
    @grpc_errors
    def ListMaskingQueue(self, request, context):
        """Copies awaiting review, soonest due first; overdue_only for those past their due."""
        with self.uow() as tx:
            views = masking_handlers.list_masking_queue(tx, agency_code=request.agency_code,
                                                        overdue_only=request.overdue_only)
        return reply_api_pb2.MaskedCopies(copies=[_copy(v) for v in views])

    @grpc
    @grpc_errors
    def UpdateMaskSpans(self, request, context):
        """Add/remove spans of an unpublished copy (audited). INVALID_ARGUMENT lists every bad span;
        FAILED_PRECONDITION once published; NOT_FOUND for an unknown copy."""
        with self.uow() as tx:
            view = masking_handlers.update_mask_spans(
                tx, request.copy_id, add=_edits(request.add), remove=_edits(request.remove),
                actor=request.actor, reason=request.reason)
            tx.commit()
        return _copy(view)

    @grpc
    @grpc_errors
    def ApproveMaskedCopy(self, request, context):
        """Approve and publish a copy (masked_copy_published); FAILED_PRECONDITION if already published."""
        with self.uow() as tx:
            view = masking_handlers.approve_masked_copy(tx, request.copy_id, actor=request.actor)
            tx.commit()
        return _copy(view)

    @grpc
    @grpc_errors
    def GetOriginalText(self, request, context):
        """The unmasked text: PERMISSION_DENIED without an approved access grant (PET-7.5). Every
        attempt, refused or not, is audited (committed before the refusal is returned)."""
        with self.uow() as tx:
            try:
                text = masking_handlers.get_original_text(tx, request.copy_id, actor=request.actor,
                                                          purpose=request.purpose)
            except PermissionDenied:
                tx.commit()
                raise
            tx.commit()
        return reply_api_pb2.OriginalText(copy_id=request.copy_id, text=text)
