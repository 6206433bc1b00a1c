"""Interface tests of the running routing service: ``case_registered`` in over RabbitMQ, assignments out
over gRPC and as events on ``routing.events`` (PET-5 automatic routing, PET-6.1 dispatch queue and manual
dispatch, inbox idempotency, the standard health check)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from civicase.intake.v1 import events_pb2 as intake_events_pb2
from civicase.routing.v1 import routing_api_pb2 as api
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

pytestmark = pytest.mark.interface

RECEIVED = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)
ASSIGNED = api.ASSIGNMENT_STATUS_ASSIGNED
PENDING = api.ASSIGNMENT_STATUS_PENDING_DISPATCH


def case_registered(number: str, subcategory: str = ""):
    return new_event("intake", "case_registered", number, intake_events_pb2.CaseRegistered(
        case_number=number, agency_number="000", subcategory=subcategory, received_at=to_timestamp(RECEIVED),
    ))


class RoutingEvents:
    """Everything routing published during the module, looked up by case number."""

    def __init__(self, listener):
        self.listener = listener
        self.seen: list[tuple[str, dict]] = []

    def _drain(self, wait: float) -> None:
        for props, envelope in self.listener.receive(count=1000, timeout=wait):
            self.seen.append((props.type or envelope["type"], envelope))

    def of(self, number: str, count: int, timeout: float = 15.0) -> list[tuple[str, dict]]:
        """Wait for ``count`` events about case ``number``; return all seen so far about it."""
        deadline = time.monotonic() + timeout
        while True:
            mine = [(t, e) for t, e in self.seen if e["subject"] == number]
            if len(mine) >= count or time.monotonic() > deadline:
                return mine
            self._drain(0.2)


@pytest.fixture(scope="module")
def events(routing_events):
    return RoutingEvents(routing_events)


def get(routing, number: str) -> api.Assignment:
    return routing.GetAssignment(api.GetAssignmentRequest(case_number=number), timeout=5)


class TestHealth:
    def test_the_standard_health_check_answers_serving(self, routing_service):
        with grpc.insecure_channel(routing_service.target) as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING


class TestDirectory:
    def test_the_directory_is_loaded_at_start_pet_5(self, routing):
        agencies = routing.ListAgencies(api.ListAgenciesRequest(), timeout=5).agencies
        subs = routing.ListSubcategories(api.ListSubcategoriesRequest(), timeout=5).subcategories
        assert (len(agencies), len(subs)) == (37, 51)
        light = next(s for s in subs if s.code == "STREET_LIGHT")
        assert light.default_agency_code == "PPLO" and light.category_name


class TestCaseRegistered:
    def test_the_same_event_delivered_twice_assigns_once_and_announces_once(
            self, routing, routing_service, publish, events, eventually):
        number = "000-20260102-00001"
        event = case_registered(number, "STREET_LIGHT")
        publish(event)
        publish(event)
        assert eventually(lambda: get(routing, number).status == ASSIGNED)
        eventually(lambda: "event_duplicate_ignored" in routing_service.logs())
        got = events.of(number, 2, timeout=2.0)
        assert [t for t, _ in got] == ["case_assigned"]
        data = got[0][1]["data"]
        assert (data["agency_code"], data["subcategory_code"], data.get("manual", False)) == (
            "PPLO", "STREET_LIGHT", False)
        assignment = get(routing, number)
        assert (assignment.agency_code, assignment.agency_name, assignment.manual) == (
            "PPLO", "公園路燈工程管理處", False)
        assert assignment.received_at.ToDatetime(tzinfo=UTC) == RECEIVED

    def test_an_unknown_subcategory_waits_in_the_dispatch_queue_pet_6_1(self, routing, publish, events, eventually):
        number = "000-20260102-00002"
        publish(case_registered(number, "MOON_LANDING"))
        assert eventually(lambda: get(routing, number).status == PENDING)
        [(kind, envelope)] = events.of(number, 1)
        assert kind == "case_queued_for_dispatch"
        assert envelope["data"]["reason"] == "unknown sub-category MOON_LANDING"
        queue = routing.ListDispatchQueue(api.ListDispatchQueueRequest(), timeout=5).cases
        assert number in [c.case_number for c in queue]
        assert get(routing, number).subcategory_hint == "MOON_LANDING"


class TestDispatchCase:
    def test_a_receptionist_dispatch_assigns_manually_and_is_announced_pet_6_1(
            self, routing, publish, events, eventually):
        number = "000-20260102-00003"
        publish(case_registered(number))
        assert eventually(lambda: get(routing, number).status == PENDING)
        assignment = routing.DispatchCase(api.DispatchCaseRequest(
            case_number=number, subcategory_code="ROAD_SURFACE", dispatched_by="reception-07"), timeout=5)
        assert (assignment.status, assignment.agency_code, assignment.manual, assignment.dispatched_by) == (
            ASSIGNED, "NCEO", True, "reception-07")
        assert assignment.HasField("dispatched_at")
        got = events.of(number, 3)
        assert [t for t, _ in got] == ["case_queued_for_dispatch", "case_assigned", "case_dispatched"]
        assert got[1][1]["data"]["manual"] is True
        assert got[2][1]["data"]["previous_status"] == "ASSIGNMENT_STATUS_PENDING_DISPATCH"
        queue = routing.ListDispatchQueue(api.ListDispatchQueueRequest(limit=500), timeout=5).cases
        assert number not in [c.case_number for c in queue]

    def test_dispatching_an_assigned_case_is_failed_precondition(self, routing, publish, eventually):
        number = "000-20260102-00004"
        publish(case_registered(number, "STREET_LIGHT"))
        assert eventually(lambda: get(routing, number).status == ASSIGNED)
        with pytest.raises(grpc.RpcError) as info:
            routing.DispatchCase(api.DispatchCaseRequest(
                case_number=number, subcategory_code="ROAD_SURFACE", dispatched_by="reception-07"), timeout=5)
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "already assigned to PPLO" in info.value.details()

    def test_bad_input_lists_every_problem(self, routing):
        with pytest.raises(grpc.RpcError) as info:
            routing.DispatchCase(api.DispatchCaseRequest(case_number="000-20260102-00002",
                                                         agency_code="NOPE"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        details = info.value.details()
        assert "subcategory_code is required" in details and "'NOPE' is not a known agency" in details
        assert "dispatched_by is required" in details


class TestGetAssignment:
    def test_an_unknown_case_is_not_found(self, routing):
        with pytest.raises(grpc.RpcError) as info:
            get(routing, "000-20991231-99999")
        assert info.value.code() == grpc.StatusCode.NOT_FOUND
        assert "has not reached routing yet" in info.value.details()

    def test_an_empty_case_number_is_invalid_argument(self, routing):
        with pytest.raises(grpc.RpcError) as info:
            get(routing, "")
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    def test_a_negative_queue_limit_is_invalid_argument(self, routing):
        with pytest.raises(grpc.RpcError) as info:
            routing.ListDispatchQueue(api.ListDispatchQueueRequest(limit=-1), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
