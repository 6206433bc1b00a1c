"""Routing's agency directory over gRPC (RoutingService.ListAgencies), for alerts' hierarchy read model.

Why a short-lived nameko-grpc ``Client`` per refresh rather than a ``ServiceClient`` dependency: a
nameko-grpc proxy connects when the container starts, so alerts could not start while routing is down
(``make run`` starts every service at once), and its connection pool waits forever once routing goes
away. The refresh runs on a timer a few times an hour; a connection per refresh costs nothing there, a
failure is logged and retried at the next tick, and the evaluation never waits for routing because it
reads the local read model. nameko-grpc's client uses sockets and threads, which nameko's eventlet
monkey-patching makes cooperative.
"""

from __future__ import annotations

from nameko_grpc.client import Client

from civicase.routing.v1 import routing_api_pb2, routing_api_pb2_grpc


def fetch_agencies(target: str, timeout: float = 5.0) -> list[tuple[str, str, str]]:
    """(code, name, parent_code) of every agency routing knows; raises on any failure."""
    with Client("//" + target, routing_api_pb2_grpc.RoutingServiceStub) as routing:
        reply = routing.ListAgencies(routing_api_pb2.ListAgenciesRequest(), timeout=timeout)
    return [(a.code, a.name, a.parent_code) for a in reply.agencies]
