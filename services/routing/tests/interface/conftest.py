"""Interface tier of routing: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database. Tests feed it ``case_registered`` exactly as intake's
outbox relay publishes it (CloudEvent JSON to ``intake.events``, routing key = event type, message id =
event id), and observe only its gRPC answers and the events it publishes on ``routing.events`` — never
its tables."""

from __future__ import annotations

import json
import time

import grpc
import pika
import pytest

from civicase.routing.v1 import routing_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import EventListener, ServiceProcess, rabbit_vhost, reset_database

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
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()

    def send(event: CloudEvent, source: str = "intake") -> None:
        exchange = f"{source}.events"
        channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        channel.basic_publish(
            exchange, event.type, json.dumps(event.to_dict()).encode(),
            properties=pika.BasicProperties(content_type="application/json", message_id=event.id,
                                            delivery_mode=2),
        )

    yield send
    connection.close()


def _eventually(probe, timeout: float = 10.0, interval: float = 0.1):
    """Call ``probe`` until it returns a truthy value without raising; return it (or fail)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            value = probe()
        except grpc.RpcError as exc:
            value, last = None, exc
        if value or time.monotonic() > deadline:
            assert value, f"condition not reached in time (last error: {last})"
            return value
        time.sleep(interval)


@pytest.fixture
def eventually():
    return _eventually
