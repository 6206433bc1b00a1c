"""Interface tier of routing: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database. Tests feed it ``case_registered`` exactly as intake's
outbox relay publishes it (CloudEvent JSON to ``intake.events``, routing key = event type, message id =
event id), and observe only its gRPC answers and the events it publishes on ``routing.events`` — never
its tables."""

from __future__ import annotations

import grpc
import pytest

from civicase.routing.v1 import routing_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import EventListener, EventPublisher, ServiceProcess, rabbit_vhost, reset_database
from civicase_platform.testing import eventually as shared_eventually

ROUTING_EVENTS = ["case_assigned", "case_queued_for_dispatch", "case_dispatched"]


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_routing_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def routing_events(amqp_uri):
    """Bound before the service starts, so no routing event is unroutable or missed."""
    listener = EventListener(amqp_uri, "routing", ROUTING_EVENTS)
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def routing_service(amqp_uri, routing_events):
    service = ServiceProcess("routing", amqp_uri=amqp_uri, database_url=reset_database("routing")).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def routing(routing_service):
    with grpc.insecure_channel(routing_service.target) as channel:
        yield routing_api_pb2_grpc.RoutingServiceStub(channel)


@pytest.fixture(scope="module")
def publish(amqp_uri, routing_service):
    """Publish a CloudEvent as its source service's outbox relay would."""
    publisher = EventPublisher(amqp_uri)

    def send(event: CloudEvent, source: str = "intake") -> None:
        publisher.publish(event, source)

    yield send
    publisher.close()


@pytest.fixture
def eventually():
    return shared_eventually
