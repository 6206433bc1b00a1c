"""The eapply nameko service: gRPC entrypoints only — translate, call one handler, map back.

The single window (APP-7): the service catalogue, online applications with their APP-11 processing
deadline, the single window's payment record, and the applicant's progress query. Personal data is stored
in eapply's database only; it is never logged and never put in events.
"""

from __future__ import annotations

from nameko.events import event_handler
from nameko.timer import timer
from nameko_grpc.entrypoint import Grpc

from civicase.alerts.v1 import events_pb2 as alerts_events_pb2
from civicase.eapply.v1 import eapply_api_pb2, eapply_api_pb2_grpc
from civicase_platform import grpc_support, settings
from civicase_platform.closures import closure_from_event
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging, get_logger
from civicase_platform.nameko_support import CorrelationId, Database, consumes, grpc_errors
from eapply import handlers
from eapply.adapters import orm
from eapply.adapters.catalogue import CatalogueLoader
from eapply.domain.catalogue import CatalogueService

configure_logging("eapply")
log = get_logger(__name__)
grpc = Grpc.implementing(eapply_api_pb2_grpc.EapplyServiceStub)

#: How often APP-11 dues are checked against the closure days recorded in the last minutes (seconds).
CLOSURE_RECHECK_SECONDS = float(settings.get("CLOSURE_RECHECK_SECONDS", "60"))

SERVICE_TYPES = {
    "fully_online": eapply_api_pb2.SERVICE_TYPE_FULLY_ONLINE,
    "partly_online": eapply_api_pb2.SERVICE_TYPE_PARTLY_ONLINE,
    "appointment": eapply_api_pb2.SERVICE_TYPE_APPOINTMENT,
}


def _catalogue_entry(s: CatalogueService) -> eapply_api_pb2.CatalogueService:
    return eapply_api_pb2.CatalogueService(
        code=s.code, name=s.name, agency_code=s.agency_code, type=SERVICE_TYPES[s.type],
        processing_days=s.processing_days, day_unit=s.day_unit, documents=list(s.documents), fee=s.fee,
        online_fee=s.fee_online, e_signature_accepted=s.e_signature_accepted, payment_first=s.payment_first,
        exempt_documents=list(s.exempt_documents), description=s.description,
    )


def _application(row) -> eapply_api_pb2.Application:
    return eapply_api_pb2.Application(
        application_number=row.application_number, service_code=row.service_code,
        service_name=row.service_name, agency_code=row.agency_code, state=row.state,
        received_at=to_timestamp(row.received_at), due=to_timestamp(row.due), fee=row.fee,
        clock_started_at=to_timestamp(row.clock_started_at), appointment_at=to_timestamp(row.appointment_at),
        amount_paid=row.amount_paid, decided_at=to_timestamp(row.decided_at), decision_reason=row.decision_reason,
    )


class EapplyService(grpc_support.HealthCheck):
    name = "eapply"

    catalogue = CatalogueLoader()
    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()

    @event_handler("alerts", "closure_declared")
    @consumes("eapply.handle_closure_declared")
    def handle_closure_declared(self, tx, event):
        """Calendar (closures): keep the closure day and move the open APP-11 deadlines whose counting
        window contains it (deadline_set again with the new due)."""
        handlers.apply_closure(tx, closure_from_event(event.message(alerts_events_pb2.ClosureDeclared)))

    @timer(interval=CLOSURE_RECHECK_SECONDS)
    def closure_recheck_timer(self):
        """Calendar (closures): move APP-11 dues a recent closure missed (counted concurrently with it, or by
        another instance with a calendar cached from before it). Idempotent; rows locked."""
        with self.uow() as tx:
            handlers.recheck_recent_closures(tx)
            tx.commit()

    @grpc
    @grpc_errors
    def ListServices(self, request, context):  # noqa: N802
        """The active catalogue: type, processing days, documents, fees, e-signature, payment-first (APP-7)."""
        with self.uow() as tx:
            services = handlers.list_services(tx)
        return eapply_api_pb2.ListServicesResponse(services=[_catalogue_entry(s) for s in services])

    @grpc
    @grpc_errors
    def SubmitApplication(self, request, context):  # noqa: N802
        """Validate, number and store an application; INVALID_ARGUMENT lists every problem, nothing stored.

        Fully/partly online services need every required document; appointment services need
        ``appointment_at`` (ISO 8601 with offset, future, working day, office hours). The APP-11 due is set
        now, or when the payment arrives for payment-first services (state ``awaiting_payment``).
        """
        with self.uow() as tx:
            row = handlers.submit_application(tx, handlers.SubmitRequest(
                service_code=request.service_code, applicant_name=request.applicant_name,
                email=request.email, phone=request.phone, form=dict(request.form),
                documents=tuple(request.documents), appointment_at=request.appointment_at,
            ), calendar=orm.closure_calendar(tx))
            tx.commit()
        log.info("application_submitted", application_number=row.application_number,
                 service_code=row.service_code, state=row.state)
        return _application(row)

    @grpc
    @grpc_errors
    def GetApplication(self, request, context):  # noqa: N802
        """Progress query: ``email`` must be the applicant's e-mail — or the phone, for an application made
        with a phone only. NOT_FOUND alike for a wrong number and a wrong contact."""
        with self.uow() as tx:
            return _application(handlers.get_application(tx, request.application_number, request.email))

    @grpc
    @grpc_errors
    def RecordPayment(self, request, context):  # noqa: N802
        """Record the single window's payment (amount = the fee due); starts the APP-11 clock of a
        payment-first application. NOT_FOUND, INVALID_ARGUMENT (amount), FAILED_PRECONDITION (paid)."""
        with self.uow() as tx:
            row = handlers.record_payment(tx, request.application_number, request.amount,
                                          calendar=orm.closure_calendar(tx))
            tx.commit()
        log.info("application_paid", application_number=row.application_number, state=row.state)
        return _application(row)

    @grpc
    @grpc_errors
    def DecideApplication(self, request, context):  # noqa: N802
        """Approve (APP-10.3.3) or reject with a reason (APP-10.3.2) an application being processed; ends
        APP-11. INVALID_ARGUMENT lists every problem; NOT_FOUND; FAILED_PRECONDITION when not decidable."""
        with self.uow() as tx:
            row = handlers.decide_application(tx, request.application_number, outcome=request.outcome,
                                              reason=request.reason, decided_by=request.decided_by)
            tx.commit()
        log.info("application_decided", application_number=row.application_number, outcome=row.state)
        return _application(row)
