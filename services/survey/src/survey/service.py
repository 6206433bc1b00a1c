"""The survey nameko service: gRPC and event entrypoints only — translate, call one handler, map back."""

from __future__ import annotations

from nameko.events import event_handler
from nameko_grpc.entrypoint import Grpc

from civicase.reply.v1 import events_pb2 as reply_events_pb2
from civicase.reply.v1 import reply_api_pb2
from civicase.survey.v1 import survey_api_pb2, survey_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, consumes, grpc_errors
from survey import handlers
from survey.adapters import orm
from survey.domain.surveys import FinalReply, validate_answer

configure_logging("survey")
grpc = Grpc.implementing(survey_api_pb2_grpc.SurveyServiceStub)

SATISFACTION_FROM_PROTO = {code: s for s, code in handlers.SATISFACTION_TO_PROTO.items()}


def _survey(view: handlers.SurveyView) -> survey_api_pb2.Survey:
    return survey_api_pb2.Survey(
        case_number=view.case_number,
        agency_code=view.agency_code,
        state=view.state.value,
        opened_at=to_timestamp(view.opened_at),
        satisfaction=handlers.SATISFACTION_TO_PROTO[view.satisfaction] if view.satisfaction else 0,
        answered_at=to_timestamp(view.answered_at),
        comment=view.comment,
        unsatisfied=bool(view.satisfaction and view.satisfaction.unsatisfied),
    )


class SurveyService(grpc_support.HealthCheck):
    name = "survey"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()

    @event_handler("reply", "case_replied")
    @consumes("survey.handle_case_replied")
    def handle_case_replied(self, tx, event):
        """PET-10.1: a level-A (final) reply opens the case's survey; a level-B reply opens none."""
        msg = event.message(reply_events_pb2.CaseReplied)
        if msg.level != reply_api_pb2.LEVEL_A:
            return
        handlers.open_survey(
            tx, FinalReply(case_number=msg.case_number, agency_code=msg.agency_code),
            replied_at=from_timestamp(msg.replied_at) if msg.HasField("replied_at") else None,
        )

    @grpc
    @grpc_errors
    def GetSurvey(self, request, context):
        """The case's survey; NOT_FOUND until the final reply opened one."""
        with self.uow() as tx:
            return _survey(handlers.get_survey(tx, request.case_number))

    @grpc
    @grpc_errors
    def AnswerSurvey(self, request, context):
        """The petitioner's answer (the gateway verified the case password first). INVALID_ARGUMENT
        lists every problem; FAILED_PRECONDITION when there is no survey yet or it is already answered."""
        answer = validate_answer(
            case_number=request.case_number,
            satisfaction=SATISFACTION_FROM_PROTO.get(request.satisfaction),
            comment=request.comment,
        )
        with self.uow() as tx:
            view = handlers.answer_survey(tx, answer)
            tx.commit()
        return _survey(view)

