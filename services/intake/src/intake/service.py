"""The intake nameko service: gRPC entrypoints only — translate, call one handler, map back."""

from __future__ import annotations

from eventlet import tpool
from nameko_grpc.entrypoint import Grpc

from civicase.intake.v1 import intake_api_pb2, intake_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, FieldSealer, grpc_errors
from intake import handlers
from intake.adapters import orm
from intake.domain.cases import validate_web_petition

configure_logging("intake")
grpc = Grpc.implementing(intake_api_pb2_grpc.IntakeServiceStub)


def _summary(row) -> intake_api_pb2.CaseSummary:
    return intake_api_pb2.CaseSummary(
        case_number=row.case_number,
        channel=intake_api_pb2.Channel.Value(row.channel),
        subcategory=row.subcategory,
        received_at=to_timestamp(row.received_at),
        subject=row.subject,
        anonymous=row.anonymous,
    )


class IntakeService(grpc_support.HealthCheck):
    name = "intake"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()
    sealer = FieldSealer()

    @grpc
    @grpc_errors
    def FilePetition(self, request, context):  # noqa: N802
        """Validate, number and store a web petition; INVALID_ARGUMENT lists every problem."""
        petition = validate_web_petition(
            content=request.content, subcategory=request.subcategory, name=request.name,
            email=request.email, phone=request.phone, anonymous=request.anonymous,
            subject=request.subject, language=request.language,
        )
        # scrypt is CPU-bound and releases the GIL: run it in a real thread, not on the eventlet hub.
        password, password_hash = tpool.execute(handlers.prepare_password)
        with self.uow() as tx:
            registered = handlers.register_web_petition(tx, petition, password_hash=password_hash,
                                                        password=password, sealer=self.sealer)
            tx.commit()
        return intake_api_pb2.FilePetitionResponse(
            case_number=registered.case_number, password=registered.password,
            received_at=to_timestamp(registered.received_at),
        )

    @grpc
    @grpc_errors
    def VerifyCase(self, request, context):  # noqa: N802
        """NOT_FOUND alike for an unknown number and a wrong password."""
        with self.uow() as tx:
            row = handlers.get_case_for_verification(tx, request.case_number)
        handlers.check_password(row, request.password, verify=lambda p, h: tpool.execute(
            handlers.verify_password, p, h))
        return _summary(row)

    @grpc
    @grpc_errors
    def GetCase(self, request, context):  # noqa: N802
        with self.uow() as tx:
            return _summary(handlers.get_case(tx, request.case_number))

    @grpc
    @grpc_errors
    def GetCaseContent(self, request, context):  # noqa: N802
        """Text and petitioner contact for routing (PET-5) and masking (PET-12); never logged."""
        with self.uow() as tx:
            row = handlers.get_case(tx, request.case_number)
        contact = handlers.open_contact(self.sealer, row.case_number, row.petitioner_sealed)
        return intake_api_pb2.CaseContent(
            case_number=row.case_number, subject=row.subject, content=row.content, language=row.language,
            subcategory=row.subcategory, received_at=to_timestamp(row.received_at), anonymous=row.anonymous,
            petitioner=intake_api_pb2.Petitioner(
                name=contact.name, email=contact.email, phone=contact.phone,
            ),
        )
