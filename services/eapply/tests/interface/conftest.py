"""Interface tier of eapply: the real service process (``nameko run``, started once per module) on its own
RabbitMQ vhost and the freshly migrated test database (the service loads its catalogue at start). Tests
call it over gRPC with grpcio stubs and observe its events like another agency would, with a plain AMQP
``EventListener`` bound to ``eapply.events`` before anything is submitted — never its tables."""

from __future__ import annotations

import grpc
import pytest

from civicase.eapply.v1 import eapply_api_pb2_grpc
from civicase_platform.testing import EventListener, ServiceProcess, rabbit_vhost, reset_database


@pytest.fixture(scope="module")
def amqp_uri():
    with rabbit_vhost("civicase_eapply_test") as uri:
        yield uri


@pytest.fixture(scope="module")
def listener(amqp_uri):
    listener = EventListener(amqp_uri, "eapply", ["application_submitted", "application_paid", "deadline_set",
                                                 "application_decided", "deadline_met"])
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def eapply_service(amqp_uri, listener):
    service = ServiceProcess("eapply", amqp_uri=amqp_uri, database_url=reset_database("eapply")).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def eapply(eapply_service):
    with grpc.insecure_channel(eapply_service.target) as channel:
        yield eapply_api_pb2_grpc.EapplyServiceStub(channel)
