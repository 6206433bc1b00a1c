"""Interface tier of alerts: the real service process (``nameko run``, started once per module) on its
own RabbitMQ vhost and the migrated test database. Tests feed it input events exactly as routing and reply
publish them (CloudEvent JSON to ``<source>.events`` with routing key = event type) and observe only its
gRPC answers — never its tables."""

from __future__ import annotations

import grpc
import pytest

from civicase.alerts.v1 import alerts_api_pb2_grpc
from civicase_platform.events import CloudEvent
from civicase_platform.testing import EventPublisher, ServiceProcess, SmtpSink, rabbit_vhost, reset_database
from civicase_platform.testing import eventually as shared_eventually


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_alerts_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def smtp_sink(tmp_path_factory):
    """The local SMTP sink the service sends its mail to (scripts/smtp_sink.py)."""
    sink = SmtpSink(tmp_path_factory.mktemp("mail")).start()
    yield sink
    sink.stop()


# Timers of the module's main process: mail relayed quickly, the weekly evaluation and the agency sync
# effectively off (tests that need the evaluation timer start a second instance with a short interval).
QUIET_TIMERS = {"MAIL_RELAY_INTERVAL": "0.3", "WARN_EVALUATION_INTERVAL": "3600", "DEADLINE_NOTICE_INTERVAL": "3600",
                "AGENCY_SYNC_INTERVAL": "3600", "ROUTING_GRPC": "127.0.0.1:9"}


@pytest.fixture(scope="module")
def quiet_timers():
    return dict(QUIET_TIMERS)


@pytest.fixture(scope="module")
def database_url():
    return reset_database("alerts")


@pytest.fixture(scope="module")
def alerts_service(amqp_uri, database_url, smtp_sink):
    service = ServiceProcess("alerts", amqp_uri=amqp_uri, database_url=database_url,
                             extra_env={**QUIET_TIMERS, **smtp_sink.env()}).start()
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
