"""Interface tier of the reply service: the real ``nameko run`` process on its own RabbitMQ vhost.

Rules: one service process per test module (started once: it takes a few seconds), on a freshly
migrated ``civicase_reply_test`` and a fresh vhost deleted afterwards. Tests talk to it only as the
outside world does: gRPC with grpcio stubs, input events published with plain AMQP to
``routing.events`` like routing's outbox relay, output events read by a plain AMQP subscriber.
Each test uses its own case number, so tests in a module do not depend on each other's order.
"""

from __future__ import annotations

import itertools

import grpc
import pytest

from civicase.reply.v1 import reply_api_pb2_grpc
from civicase_platform.testing import EventListener, EventPublisher, ServiceProcess, rabbit_vhost, reset_database

_serials = itertools.count(1)


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_reply_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def reply_process(amqp_uri):
    process = ServiceProcess("reply", amqp_uri=amqp_uri, database_url=reset_database("reply")).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def reply_events(amqp_uri, reply_process):
    """Every event reply publishes, from the moment the service is up."""
    listener = EventListener(amqp_uri, "reply")
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def reply_stub(reply_process):
    channel = grpc.insecure_channel(reply_process.target)
    yield reply_api_pb2_grpc.ReplyServiceStub(channel)
    channel.close()


@pytest.fixture(scope="module")
def publish_event(amqp_uri, reply_process):
    """Publish a CloudEvent as its source service's outbox relay would."""
    publisher = EventPublisher(amqp_uri)
    yield publisher.publish
    publisher.close()


@pytest.fixture
def case_number() -> str:
    return f"000-20260213-{next(_serials):05d}"
