"""gRPC helpers shared by services and clients: timestamps, the standard health service, metadata."""

from __future__ import annotations

from grpc_health.v1 import health_pb2, health_pb2_grpc
from nameko_grpc.entrypoint import Grpc

from civicase_platform.timestamps import from_timestamp, to_timestamp

health_grpc = Grpc.implementing(health_pb2_grpc.HealthStub)


class HealthCheck:
    """Mixin giving a nameko service the standard ``grpc.health.v1.Health/Check``."""

    @health_grpc
    def Check(self, request, context):  # noqa: N802 - the RPC's name
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


__all__ = ["HealthCheck", "health_grpc", "from_timestamp", "to_timestamp"]
