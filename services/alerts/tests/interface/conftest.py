"""Interface tier of alerts: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database. Tests feed it input events exactly as routing and reply
publish them (CloudEvent JSON to ``<source>.events`` with routing key = event type) and observe only its
gRPC answers — never its tables."""

from __future__ import annotations

import grpc
import pytest

from civicase.alerts.v1 import alerts_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import EventPublisher, ServiceProcess, rabbit_vhost, reset_database
from civicase_platform.testing import eventually as shared_eventually


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
    publisher = EventPublisher(amqp_uri)

    def send(event: CloudEvent, source: str) -> None:
        publisher.publish(event, source)

    yield send
    publisher.close()


@pytest.fixture
def eventually():
    return shared_eventually
