"""Interface tier of routing: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database, next to a real intake process (routing asks it for
the petition text, PET-5). Tests file petitions with intake, whose outbox relay publishes
``case_registered``; they may re-publish an event exactly as a relay would (CloudEvent JSON to
``intake.events``, message id = event id), and observe only routing's gRPC answers, the events it
publishes on ``routing.events`` and its log lines — never its tables."""

from __future__ import annotations

import grpc
import pytest

from civicase.intake.v1 import intake_api_pb2_grpc
from civicase.routing.v1 import routing_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import EventListener, EventPublisher, ServiceProcess, rabbit_vhost, reset_database
from civicase_platform.testing import eventually as shared_eventually

ROUTING_EVENTS = ["case_assigned", "case_queued_for_dispatch", "case_dispatched", "case_reassigned"]


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
def intake_events(amqp_uri):
    listener = EventListener(amqp_uri, "intake", "case_registered")
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def intake_service(amqp_uri, intake_events):
    service = ServiceProcess("intake", amqp_uri=amqp_uri, database_url=reset_database("intake")).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def intake(intake_service):
    with grpc.insecure_channel(intake_service.target) as channel:
        yield intake_api_pb2_grpc.IntakeServiceStub(channel)


@pytest.fixture(scope="module")
def routing_service(amqp_uri, routing_events, intake_service):
    service = ServiceProcess("routing", amqp_uri=amqp_uri, database_url=reset_database("routing"),
                             extra_env={"INTAKE_GRPC": intake_service.target}).start()
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
