"""Interface tests of the running routing service next to a real intake: petitions filed with intake are
routed by the model (PET-5) or queued with its suggestions (PET-6.1); dispatch (PET-6.1) and re-assignment
(PET-9.5) are announced and recorded as corrections; thresholds, model versions and the accuracy report
over gRPC; inbox idempotency; the standard health check."""

from __future__ import annotations

import json
import time
from datetime import UTC

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from civicase.intake.v1 import events_pb2 as intake_events_pb2
from civicase.intake.v1 import intake_api_pb2
from civicase.routing.v1 import routing_api_pb2 as api
from civicase_platform.events import parse_event

pytestmark = pytest.mark.interface

ASSIGNED = api.ASSIGNMENT_STATUS_ASSIGNED
PENDING = api.ASSIGNMENT_STATUS_PENDING_DISPATCH
CLEAR = "信義路五段與松智路口的行人號誌一直不轉綠，行人只能闖紅燈，請盡快檢修。"
AMBIGUOUS = "請市府處理一下，謝謝。"


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


@pytest.fixture(scope="module")
def file(intake, routing_service):
    def file(content: str, subcategory: str = "") -> str:
        return intake.FilePetition(intake_api_pb2.FilePetitionRequest(
            content=content, subcategory=subcategory, email="citizen@example.com"), timeout=5).case_number

    return file


def logged(service, event: str, number: str) -> list[dict]:
    """The service's JSON log lines for ``event`` about case ``number``."""
    lines = [json.loads(line) for line in service.logs().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == event and line.get("case_number") == number]


def get(routing, number: str) -> api.Assignment:
    return routing.GetAssignment(api.GetAssignmentRequest(case_number=number), timeout=5)


def routed(routing, eventually, number: str) -> api.Assignment:
    return eventually(lambda: get(routing, number), timeout=15)


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


class TestAutomaticRouting:
    def test_a_clear_petition_is_auto_assigned_by_the_model_with_confidence_and_version_pet_5(
            self, routing, file, events, eventually):
        number = file(CLEAR)  # no sub-category chosen: the text alone decides
        assignment = routed(routing, eventually, number)
        assert (assignment.status, assignment.agency_code, assignment.subcategory_code) == (
            ASSIGNED, "TEO", "TRAFFIC_SIGNAL")
        assert assignment.auto_assigned and not assignment.manual
        assert assignment.model_version == 1 and assignment.confidence >= 0.6
        assert len(assignment.suggestions) >= 3
        [(kind, envelope)] = events.of(number, 1)
        assert kind == "case_assigned"
        assert envelope["data"]["model_version"] == 1 and envelope["data"]["confidence"] >= 0.6

    def test_an_ambiguous_petition_waits_with_at_least_three_suggestions_pet_6_1(
            self, routing, file, events, eventually):
        number = file(AMBIGUOUS)
        assignment = routed(routing, eventually, number)
        assert (assignment.status, assignment.agency_code, assignment.auto_assigned) == (PENDING, "", False)
        assert assignment.queue_reason.startswith("routing model not confident enough")
        assert len(assignment.suggestions) >= 3 and assignment.confidence < 0.6
        scores = [s.score for s in assignment.suggestions]
        assert scores == sorted(scores, reverse=True)
        [(kind, envelope)] = events.of(number, 1)
        assert kind == "case_queued_for_dispatch" and len(envelope["data"]["suggestions"]) >= 3
        queue = routing.ListDispatchQueue(api.ListDispatchQueueRequest(limit=500), timeout=5).cases
        [queued] = [c for c in queue if c.case_number == number]
        assert len(queued.suggestions) >= 3

    def test_the_same_event_delivered_again_routes_once_and_announces_once(
            self, routing, routing_service, file, intake_events, events, eventually, publish):
        number = file("巷口路燈不亮已一週，晚上很暗。", "STREET_LIGHT")
        routed(routing, eventually, number)
        registered = [parse_event(body) for _, body in intake_events.receive(count=100, timeout=2)]
        [event] = [e for e in registered if e.subject == number]
        publish(event)
        eventually(lambda: "event_duplicate_ignored" in routing_service.logs())
        assert [t for t, _ in events.of(number, 2, timeout=2.0)] == ["case_assigned"]
        received = event.message(intake_events_pb2.CaseRegistered).received_at
        assert get(routing, number).received_at.ToDatetime(tzinfo=UTC) == received.ToDatetime(tzinfo=UTC)

    def test_the_petition_text_is_never_logged(self, routing_service, file, routing, eventually):
        number = file("獨特的陳情內容QQZ7：路燈不亮")
        routed(routing, eventually, number)
        assert "QQZ7" not in routing_service.logs()


class TestDispatchCase:
    def test_a_receptionist_dispatch_is_announced_and_recorded_as_a_correction_pet_6_1(
            self, routing, routing_service, file, events, eventually):
        number = file(AMBIGUOUS)
        assert routed(routing, eventually, number).status == PENDING
        assignment = routing.DispatchCase(api.DispatchCaseRequest(
            case_number=number, subcategory_code="ROAD_SURFACE", dispatched_by="reception-07"), timeout=5)
        assert (assignment.status, assignment.agency_code, assignment.manual, assignment.dispatched_by) == (
            ASSIGNED, "NCEO", True, "reception-07")
        assert assignment.HasField("dispatched_at")
        got = events.of(number, 3)
        assert [t for t, _ in got] == ["case_queued_for_dispatch", "case_assigned", "case_dispatched"]
        dispatched = got[2][1]["data"]
        assert dispatched["previous_status"] == "ASSIGNMENT_STATUS_PENDING_DISPATCH"
        assert dispatched["model_version"] == 1 and dispatched["suggested_subcategory_code"]
        [correction] = eventually(lambda: logged(routing_service, "correction_recorded", number))
        assert (correction["source"], correction["model_version"]) == ("dispatch", 1)

    def test_dispatching_an_assigned_case_is_failed_precondition(self, routing, file, eventually):
        number = file(CLEAR)
        assert routed(routing, eventually, number).status == ASSIGNED
        with pytest.raises(grpc.RpcError) as info:
            routing.DispatchCase(api.DispatchCaseRequest(
                case_number=number, subcategory_code="ROAD_SURFACE", dispatched_by="reception-07"), timeout=5)
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "already assigned to TEO" in info.value.details()

    def test_bad_input_lists_every_problem(self, routing):
        with pytest.raises(grpc.RpcError) as info:
            routing.DispatchCase(api.DispatchCaseRequest(case_number="000-20260102-00002",
                                                         agency_code="NOPE"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        details = info.value.details()
        assert "subcategory_code is required" in details and "'NOPE' is not a known agency" in details
        assert "dispatched_by is required" in details


class TestReassignCase:
    def test_a_reassignment_with_a_reason_moves_the_case_and_is_announced_pet_9_5(
            self, routing, routing_service, file, events, eventually):
        number = file(CLEAR)
        assert routed(routing, eventually, number).agency_code == "TEO"
        moved = routing.ReassignCase(api.ReassignCaseRequest(
            case_number=number, subcategory_code="MRT_CONSTRUCTION", actor="staff-12",
            reason="joint on-site inspection: the signal is inside the MRT works"), timeout=5)
        assert (moved.agency_code, moved.subcategory_code, moved.reassigned_by, moved.manual) == (
            "DORTS", "MRT_CONSTRUCTION", "staff-12", True)
        assert moved.reassign_reason.startswith("joint on-site") and moved.HasField("reassigned_at")
        assert moved.auto_assigned  # the model's first routing stays on record
        got = events.of(number, 3)
        assert [t for t, _ in got] == ["case_assigned", "case_assigned", "case_reassigned"]
        assert got[1][1]["data"]["reassigned"] is True
        data = got[2][1]["data"]
        assert (data["previous_agency_code"], data["agency_code"], data["reassigned_by"]) == ("TEO", "DORTS",
                                                                                           "staff-12")
        [correction] = eventually(lambda: logged(routing_service, "correction_recorded", number))
        assert (correction["source"], correction["model_was_wrong"]) == ("reassignment", True)

    def test_without_a_reason_it_is_invalid_argument(self, routing, file, eventually):
        number = file(CLEAR)
        routed(routing, eventually, number)
        with pytest.raises(grpc.RpcError) as info:
            routing.ReassignCase(api.ReassignCaseRequest(case_number=number, subcategory_code="PARK",
                                                         actor="staff-12"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "reason is required" in info.value.details()

    def test_a_queued_case_is_failed_precondition(self, routing, file, eventually):
        number = file(AMBIGUOUS)
        assert routed(routing, eventually, number).status == PENDING
        with pytest.raises(grpc.RpcError) as info:
            routing.ReassignCase(api.ReassignCaseRequest(case_number=number, subcategory_code="PARK",
                                                         actor="staff-12", reason="x"), timeout=5)
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION


class TestModelAndReport:
    def test_an_agency_threshold_is_set_with_who_and_when_pet_5(self, routing):
        got = routing.SetAgencyThreshold(api.SetAgencyThresholdRequest(
            agency_code="DEP", threshold=0.8, set_by="it-admin-1"), timeout=5)
        assert (got.agency_code, got.threshold, got.set_by) == ("DEP", 0.8, "it-admin-1") and got.HasField("set_at")
        with pytest.raises(grpc.RpcError) as info:
            routing.SetAgencyThreshold(api.SetAgencyThresholdRequest(agency_code="DEP", threshold=2,
                                                                     set_by="x"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    def test_the_first_model_version_is_listed_with_held_out_metrics_that_meet_the_goals_pet_5(self, routing):
        [version] = routing.ListModelVersions(api.ListModelVersionsRequest(), timeout=5).versions
        assert (version.version, version.promoted, version.held_out_examples) == (1, True, 507)
        assert version.agency_top1 >= 0.90 and version.subcategory_top1 >= 0.85
        assert version.subcategory_top3 >= 0.97 and '"most_confused"' in version.metrics_json

    def test_the_report_counts_the_cases_routed_in_this_module_pet_5(self, routing, file, eventually):
        number = file(CLEAR)
        routed(routing, eventually, number)
        report = routing.GetRoutingReport(api.GetRoutingReportRequest(bucket="day"), timeout=5)
        assert report.bucket == "day" and report.default_threshold == pytest.approx(0.6)
        total = sum(r.cases for r in report.overall)
        assert total >= 5 and sum(r.queued for r in report.overall) >= 2
        teo = [r for r in report.by_agency if r.key == "TEO"]
        assert teo and sum(r.auto_correct for r in teo) >= 1
        assert [v.version for v in report.model_versions] == [1]
        assert ("DEP", 0.8) in [(t.agency_code, t.threshold) for t in report.agency_thresholds]
        with pytest.raises(grpc.RpcError) as info:
            routing.GetRoutingReport(api.GetRoutingReportRequest(since="01/02/2026"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


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
