"""Interface tier of the survey service: the real ``nameko run`` process on its own RabbitMQ vhost.

Rules: one service process per test module (started once), on a freshly migrated
``civicase_survey_test`` and a fresh vhost deleted afterwards. Tests talk to it only as the outside
world does: gRPC with grpcio stubs, input events published with plain AMQP to ``reply.events`` like
reply's outbox relay, output events read by a plain AMQP subscriber. Each test uses its own case
number, so tests do not depend on each other's order.
"""

from __future__ import annotations

import itertools

import grpc
import pytest

from civicase.survey.v1 import survey_api_pb2_grpc
from civicase_platform.testing import EventListener, EventPublisher, ServiceProcess, rabbit_vhost, reset_database

_serials = itertools.count(1)


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_survey_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def survey_process(amqp_uri):
    process = ServiceProcess("survey", amqp_uri=amqp_uri, database_url=reset_database("survey")).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def survey_events(amqp_uri, survey_process):
    """Every event survey publishes, from the moment the service is up."""
    listener = EventListener(amqp_uri, "survey")
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def survey_stub(survey_process):
    channel = grpc.insecure_channel(survey_process.target)
    yield survey_api_pb2_grpc.SurveyServiceStub(channel)
    channel.close()


@pytest.fixture(scope="module")
def publish_event(amqp_uri, survey_process):
    """Publish a CloudEvent as its source service's outbox relay would."""
    publisher = EventPublisher(amqp_uri)
    yield publisher.publish
    publisher.close()


@pytest.fixture
def case_number() -> str:
    return f"000-20260213-{next(_serials):05d}"
