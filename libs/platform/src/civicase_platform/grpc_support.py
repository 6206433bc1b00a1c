"""gRPC helpers shared by services and clients: timestamps, the standard health service, metadata."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc
from nameko_grpc.entrypoint import Grpc

health_grpc = Grpc.implementing(health_pb2_grpc.HealthStub)


class HealthCheck:
    """Mixin giving a nameko service the standard ``grpc.health.v1.Health/Check``."""

    @health_grpc
    def Check(self, request, context):  # noqa: N802 - the RPC's name
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


def to_timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC))
    return ts


def from_timestamp(ts: Timestamp) -> datetime | None:
    if ts is None or (ts.seconds == 0 and ts.nanos == 0):
        return None
    return ts.ToDatetime(tzinfo=UTC)
