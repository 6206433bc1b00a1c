"""The running reply service: case_assigned in, deadlines and case_replied out, replies over gRPC."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import grpc
import pytest

from civicase.reply.v1 import reply_api_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

TAIPEI = ZoneInfo("Asia/Taipei")
AGENCY = "379000000A"
TIMEOUT = 5


def case_assigned(case_number: str, agency: str = AGENCY):
    return new_event("routing", "case_assigned", case_number, routing_events_pb2.CaseAssigned(
        case_number=case_number, agency_code=agency, subcategory_code="traffic.signal",
        received_at=to_timestamp(datetime(2026, 2, 13, 9, 0, tzinfo=TAIPEI)),
        assigned_at=to_timestamp(datetime(2026, 2, 13, 16, 0, tzinfo=TAIPEI)),
    ))


def events_for(reply_events, case_number: str, count: int, timeout: float = 10.0) -> list[dict]:
    """The next ``count`` events about ``case_number`` (others are skipped)."""
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        for _props, body in reply_events.receive(1, timeout=0.5):
            if body["subject"] == case_number:
                found.append(body)
    return found


def wait_assigned(reply_stub, case_number: str) -> reply_api_pb2.CaseReplyStatus:
    deadline = time.monotonic() + 10
    while True:
        try:
            return reply_stub.GetCaseReplyStatus(
                reply_api_pb2.GetCaseReplyStatusRequest(case_number=case_number), timeout=TIMEOUT)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.NOT_FOUND or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def record(reply_stub, case_number: str, level, content: str = "已派員檢修。"):
    return reply_stub.RecordReply(reply_api_pb2.RecordReplyRequest(
        case_number=case_number, content=content, level=level, handler="王承辦"), timeout=TIMEOUT)


class TestCaseAssigned:
    """PET-7.4 through the bus; the inbox makes a redelivered event harmless."""

    def test_the_same_event_delivered_twice_sets_one_deadline(self, publish_event, reply_events, reply_stub,
                                                              case_number):
        event = case_assigned(case_number)
        publish_event(event)
        publish_event(event)
        [deadline_set] = events_for(reply_events, case_number, 1)
        assert deadline_set["type"] == "deadline_set"
        assert deadline_set["data"]["rule"] == "PET-7.4"
        assert deadline_set["data"]["due"] == "2026-03-03T09:30:00Z"
        assert events_for(reply_events, case_number, 1, timeout=1.5) == []
        status = wait_assigned(reply_stub, case_number)
        assert (status.state, status.deadline_rule, status.agency_code) == ("awaiting_reply", "PET-7.4", AGENCY)
        assert status.reply_due.ToDatetime().isoformat() == "2026-03-03T09:30:00"


class TestRecordReply:
    """PET-7.3 / PET-8 over gRPC, with the events time-limit control and survey rely on."""

    def test_level_a_closes_the_case_with_deadline_met_and_case_replied(self, publish_event, reply_events,
                                                                         reply_stub, case_number):
        publish_event(case_assigned(case_number))
        events_for(reply_events, case_number, 1)
        wait_assigned(reply_stub, case_number)
        status = record(reply_stub, case_number, reply_api_pb2.LEVEL_A)
        assert status.state == "closed" and status.deadline_rule == ""
        assert [(r.level, r.content) for r in status.replies] == [(reply_api_pb2.LEVEL_A, "已派員檢修。")]
        met, replied = events_for(reply_events, case_number, 2)
        assert (met["type"], met["data"]["rule"]) == ("deadline_met", "PET-7.4")
        assert (replied["type"], replied["data"]["level"]) == ("case_replied", "LEVEL_A")
        assert replied["data"]["agency_code"] == AGENCY

    def test_level_b_then_level_a(self, publish_event, reply_events, reply_stub, case_number):
        publish_event(case_assigned(case_number))
        events_for(reply_events, case_number, 1)
        wait_assigned(reply_stub, case_number)
        status = record(reply_stub, case_number, reply_api_pb2.LEVEL_B, "預計3月10日施工。")
        assert (status.state, status.deadline_rule) == ("level_b_in_progress", "PET-7.4-B")
        assert status.reply_due.ToDatetime().isoformat() == "2026-03-16T15:59:59"
        with pytest.raises(grpc.RpcError) as second_b:
            record(reply_stub, case_number, reply_api_pb2.LEVEL_B)
        assert second_b.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        status = record(reply_stub, case_number, reply_api_pb2.LEVEL_A, "已完成施工。")
        assert status.state == "closed"
        assert [r.level for r in status.replies] == [reply_api_pb2.LEVEL_B, reply_api_pb2.LEVEL_A]
        got = [(e["type"], e["data"].get("rule") or e["data"].get("level"))
               for e in events_for(reply_events, case_number, 5)]
        assert got == [("deadline_met", "PET-7.4"), ("deadline_set", "PET-7.4-B"), ("case_replied", "LEVEL_B"),
                       ("deadline_met", "PET-7.4-B"), ("case_replied", "LEVEL_A")]

    def test_a_closed_case_refuses_a_reply(self, publish_event, reply_events, reply_stub, case_number):
        publish_event(case_assigned(case_number))
        wait_assigned(reply_stub, case_number)
        record(reply_stub, case_number, reply_api_pb2.LEVEL_A)
        with pytest.raises(grpc.RpcError) as refused:
            record(reply_stub, case_number, reply_api_pb2.LEVEL_A)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert f"case {case_number} is closed; " in refused.value.details()

    def test_an_unknown_case_is_not_found(self, reply_stub):
        with pytest.raises(grpc.RpcError) as refused:
            record(reply_stub, "000-20250101-99999", reply_api_pb2.LEVEL_A)
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
        assert "no assigned case" in refused.value.details()

    def test_bad_input_lists_every_problem(self, reply_stub, case_number):
        with pytest.raises(grpc.RpcError) as refused:
            record(reply_stub, case_number, reply_api_pb2.LEVEL_UNSPECIFIED, content="")
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "content is required" in refused.value.details()
        assert "level is required" in refused.value.details()

    def test_content_over_20000_characters_is_refused(self, reply_stub, case_number):
        with pytest.raises(grpc.RpcError) as refused:
            record(reply_stub, case_number, reply_api_pb2.LEVEL_A, content="字" * 20_001)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


class TestGetCaseReplyStatus:
    def test_unknown_case_is_not_found(self, reply_stub):
        with pytest.raises(grpc.RpcError) as refused:
            reply_stub.GetCaseReplyStatus(
                reply_api_pb2.GetCaseReplyStatusRequest(case_number="000-20250101-99998"), timeout=TIMEOUT)
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
