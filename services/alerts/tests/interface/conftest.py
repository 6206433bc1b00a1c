"""Interface tier of alerts: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database. Tests feed it input events exactly as routing and reply
publish them (CloudEvent JSON to ``<source>.events`` with routing key = event type) and observe only its
gRPC answers — never its tables."""

from __future__ import annotations

import json
import time

import grpc
import pika
import pytest

from civicase.alerts.v1 import alerts_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import ServiceProcess, rabbit_vhost, reset_database


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_alerts_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def alerts_service(amqp_uri):
    service = ServiceProcess("alerts", amqp_uri=amqp_uri, database_url=reset_database("alerts")).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def alerts(alerts_service):
    with grpc.insecure_channel(alerts_service.target) as channel:
        yield alerts_api_pb2_grpc.AlertsServiceStub(channel)


@pytest.fixture(scope="module")
def publish(amqp_uri, alerts_service):
    """Publish a CloudEvent as its source service's outbox relay would."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()

    def send(event: CloudEvent, source: str) -> None:
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
    """Call ``probe`` until it returns a truthy value; return it (or fail after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() > deadline:
            assert value, "condition not reached in time"
            return value
        time.sleep(interval)


@pytest.fixture
def eventually():
    return _eventually
