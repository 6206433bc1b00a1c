"""gRPC clients (grpc.aio) of the services the gateway calls, one channel per service."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from civicase.alerts.v1 import alerts_api_pb2_grpc
from civicase.eapply.v1 import eapply_api_pb2_grpc
from civicase.intake.v1 import intake_api_pb2_grpc
from civicase.reply.v1 import reply_api_pb2_grpc
from civicase.routing.v1 import routing_api_pb2_grpc
from civicase.survey.v1 import survey_api_pb2_grpc
from civicase_platform import settings
from civicase_platform.logging import GRPC_METADATA_KEY, HTTP_HEADER, bind_correlation_id
from gateway.staff import STAFF_METADATA_KEY

SERVICES = ("intake", "routing", "reply", "survey", "alerts", "eapply")
CALL_TIMEOUT = 5.0


def call_metadata(request, staff: str | None = None) -> tuple[tuple[str, str], ...]:
    """gRPC metadata of a call made for this HTTP request: its correlation id and, for staff, who calls."""
    metadata = [(GRPC_METADATA_KEY, request.headers.get(HTTP_HEADER) or bind_correlation_id(None))]
    if staff:
        metadata.append((STAFF_METADATA_KEY, staff))
    return tuple(metadata)


def call_options(request, staff: str | None = None, timeout: float = CALL_TIMEOUT) -> dict:
    """Keyword arguments of a gRPC call made for this HTTP request (deadline and metadata)."""
    return {"timeout": timeout, "metadata": call_metadata(request, staff)}


@dataclass
class Clients:
    channels: dict[str, grpc.aio.Channel]

    @classmethod
    def connect(cls) -> Clients:
        options = [("grpc.keepalive_time_ms", 30_000), ("grpc.enable_retries", 1)]
        return cls({s: grpc.aio.insecure_channel(settings.grpc_target(s), options=options) for s in SERVICES})

    @property
    def intake(self):
        return intake_api_pb2_grpc.IntakeServiceStub(self.channels["intake"])

    @property
    def routing(self):
        return routing_api_pb2_grpc.RoutingServiceStub(self.channels["routing"])

    @property
    def reply(self):
        return reply_api_pb2_grpc.ReplyServiceStub(self.channels["reply"])

    @property
    def survey(self):
        return survey_api_pb2_grpc.SurveyServiceStub(self.channels["survey"])

    @property
    def alerts(self):
        return alerts_api_pb2_grpc.AlertsServiceStub(self.channels["alerts"])

    @property
    def eapply(self):
        return eapply_api_pb2_grpc.EapplyServiceStub(self.channels["eapply"])

    async def health(self, service: str) -> str:
        try:
            reply = await health_pb2_grpc.HealthStub(self.channels[service]).Check(
                health_pb2.HealthCheckRequest(), timeout=2.0
            )
            return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status).lower()
        except grpc.aio.AioRpcError as exc:
            return f"unavailable ({exc.code().name.lower()})"

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
