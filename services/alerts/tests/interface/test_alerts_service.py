"""Interface tests of the running alerts service: events in over RabbitMQ, answers out over gRPC
(WARN-1 data, WARN-2 dashboard, inbox idempotency, time-limit board seed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest

from alerts.domain.early_warning import week_start
from civicase.alerts.v1 import alerts_api_pb2
from civicase.common.v1 import deadlines_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

pytestmark = pytest.mark.interface

WEEK = "2026-03-02"
MONDAY_0030_TAIPEI = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)


def case_assigned(case_number, subcategory, received_at=MONDAY_0030_TAIPEI, assigned_at=None):
    return new_event("routing", "case_assigned", case_number, routing_events_pb2.CaseAssigned(
        case_number=case_number, agency_code="DEP", subcategory_code=subcategory,
        received_at=to_timestamp(received_at), assigned_at=to_timestamp(assigned_at or received_at),
    ))


def counts(alerts, subcategory="", week=WEEK):
    reply = alerts.GetWeeklyCounts(
        alerts_api_pb2.GetWeeklyCountsRequest(subcategory_code=subcategory, week=week), timeout=5)
    return {c.subcategory_code: c.count for c in reply.counts}


class TestWeeklyCounts:
    def test_the_same_case_assigned_event_delivered_twice_counts_once(
            self, alerts, alerts_service, publish, eventually):
        event = case_assigned("000-20260302-00001", "LITTER")
        publish(event, "routing")
        publish(event, "routing")
        assert eventually(lambda: counts(alerts, "LITTER") == {"LITTER": 1})
        eventually(lambda: "event_duplicate_ignored" in alerts_service.logs())
        assert counts(alerts, "LITTER") == {"LITTER": 1}

    def test_counts_follow_the_taipei_receipt_week_and_a_reassigned_case_warn_1(self, alerts, publish, eventually):
        publish(case_assigned("000-20260302-00002", "DOG_WASTE"), "routing")
        publish(case_assigned("000-20260301-00009", "DOG_WASTE",
                              received_at=MONDAY_0030_TAIPEI - timedelta(hours=1)), "routing")
        publish(case_assigned("000-20260302-00003", "AIR_ODOR"), "routing")
        assert eventually(lambda: counts(alerts, "AIR_ODOR") == {"AIR_ODOR": 1})
        publish(case_assigned("000-20260302-00003", "DOG_WASTE",
                              assigned_at=MONDAY_0030_TAIPEI + timedelta(hours=2)), "routing")
        assert eventually(lambda: counts(alerts, "DOG_WASTE") == {"DOG_WASTE": 2})
        assert counts(alerts, "AIR_ODOR") == {}
        assert counts(alerts, "DOG_WASTE", "2026-02-23") == {"DOG_WASTE": 1}

    def test_without_a_week_the_current_taipei_week_is_answered_warn_2(self, alerts, publish, eventually):
        now = datetime.now(UTC)
        publish(case_assigned("000-NOW-00001", "PARK", received_at=now), "routing")
        this_week = week_start(now).isoformat()
        assert eventually(lambda: counts(alerts, "PARK", week="") == {"PARK": 1})
        reply = alerts.GetWeeklyCounts(alerts_api_pb2.GetWeeklyCountsRequest(), timeout=5)
        assert {c.week for c in reply.counts} == {this_week}

    def test_a_week_that_is_not_a_monday_is_invalid_argument(self, alerts):
        with pytest.raises(grpc.RpcError) as info:
            alerts.GetWeeklyCounts(alerts_api_pb2.GetWeeklyCountsRequest(week="2026-03-04"), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "Monday" in info.value.details()


class TestListWeekCases:
    def test_the_drill_down_lists_a_subcategorys_cases_of_the_week_warn_2(self, alerts, publish, eventually):
        publish(case_assigned("000-20260302-00010", "SEWER"), "routing")
        publish(case_assigned("000-20260302-00011", "SEWER", received_at=MONDAY_0030_TAIPEI + timedelta(hours=1)),
                "routing")

        def listed():
            reply = alerts.ListWeekCases(
                alerts_api_pb2.ListWeekCasesRequest(subcategory_code="sewer", week=WEEK), timeout=5)
            return list(reply.case_numbers) == ["000-20260302-00010", "000-20260302-00011"]

        assert eventually(listed)

    def test_the_drill_down_without_a_subcategory_is_invalid_argument(self, alerts):
        with pytest.raises(grpc.RpcError) as info:
            alerts.ListWeekCases(alerts_api_pb2.ListWeekCasesRequest(week=WEEK), timeout=5)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


class TestDeadlineEvents:
    def test_deadlines_announced_by_reply_and_eapply_reach_the_board(self, alerts, publish, eventually):
        due, opened = datetime(2026, 3, 10, 9, 30, tzinfo=UTC), datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
        met = opened + timedelta(days=1)
        publish(new_event("reply", "deadline_set", "X-1", deadlines_pb2.DeadlineSet(
            rule="PET-7.4", subject="X-1", agency_code="TPD", due=to_timestamp(due), opened_at=to_timestamp(opened),
        )), "reply")
        publish(new_event("eapply", "deadline_set", "020-A-20260302-00001", deadlines_pb2.DeadlineSet(
            rule="APP-11", subject="020-A-20260302-00001", agency_code="CAB", due=to_timestamp(due + timedelta(1)),
            opened_at=to_timestamp(opened),
        )), "eapply")

        def board(**kwargs):
            return alerts.ListDeadlines(alerts_api_pb2.ListDeadlinesRequest(**kwargs), timeout=5).deadlines

        assert eventually(lambda: [(d.rule, d.source) for d in board(open_only=True)]
                          == [("PET-7.4", "reply"), ("APP-11", "eapply")])
        publish(new_event("reply", "deadline_met", "X-1", deadlines_pb2.DeadlineMet(
            rule="PET-7.4", subject="X-1", agency_code="TPD", due=to_timestamp(due), met_at=to_timestamp(met),
        )), "reply")
        assert eventually(lambda: [d.subject for d in board(open_only=True)] == ["020-A-20260302-00001"])
        (closed,) = board(subject="X-1")
        assert closed.met_at.ToDatetime(tzinfo=UTC) == met
        assert [d.agency_code for d in board(agency_code="cab")] == ["CAB"]
