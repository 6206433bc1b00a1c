"""Interface tests of early warning in the running service: ``case_assigned`` events in, the weekly timer
evaluates the ended week by itself, ``alert_raised`` out on ``alerts.events`` and the warning mail in the
SMTP sink — once, with two alerts instances running and after a re-evaluation (WARN-1, WARN-2, WARN-3.1,
PET-14.3). Observed only through AMQP, gRPC and the SMTP sink."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from alerts.domain.early_warning import TAIPEI, latest_complete_week
from civicase.alerts.v1 import alerts_api_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.testing import EventListener, ServiceProcess

pytestmark = pytest.mark.interface


def case_assigned(number: str, code: str, received_at: datetime):
    return new_event("routing", "case_assigned", number, routing_events_pb2.CaseAssigned(
        case_number=number, agency_code="PPLO", subcategory_code=code,
        received_at=to_timestamp(received_at), assigned_at=to_timestamp(received_at),
    ))


def test_the_timer_raises_one_warning_with_its_event_mail_and_form_deadline_warn_1_2(
        alerts, alerts_service, amqp_uri, database_url, smtp_sink, publish, eventually, quiet_timers):
    week = latest_complete_week(datetime.now(UTC))
    alerts.AddAuthorisedStaff(alerts_api_pb2.AddAuthorisedStaffRequest(
        agency_code="PPLO", subject="lin", name="林研考", email="lin@pplo.gov.tw", role="rdec_staff",
        staff_subject="city-rdec", reason="WARN-2 request"), timeout=5)
    # Baseline 1,1,1,1 (mean 1, sd 0, threshold 1); 9 cases last week warn.
    serial = 0
    for weeks_back, how_many in [(4, 1), (3, 1), (2, 1), (1, 1), (0, 9)]:
        monday = week - timedelta(weeks=weeks_back)
        for i in range(how_many):
            serial += 1
            received = datetime(monday.year, monday.month, monday.day, 10, tzinfo=TAIPEI) + timedelta(hours=i)
            publish(case_assigned(f"000-IF-{serial:05d}", "SURGE", received), "routing")

    def counted():
        reply = alerts.GetWeeklyCounts(alerts_api_pb2.GetWeeklyCountsRequest(
            subcategory_code="SURGE", week=week.isoformat()), timeout=5)
        return [c.count for c in reply.counts] == [9]

    assert eventually(counted, timeout=20)
    listener = EventListener(amqp_uri, "alerts", ["alert_raised", "deadline_set"])
    # A second alerts instance whose weekly timer fires every half second: both run, one evaluates.
    ticking = ServiceProcess("alerts", amqp_uri=amqp_uri, database_url=database_url, extra_env={
        **quiet_timers, **smtp_sink.env(), "WARN_EVALUATION_INTERVAL": "0.5", "WARN_EVALUATION_DELAY": "0",
    }).start()
    try:
        got = listener.receive(count=2, timeout=20)
        by_type = {envelope["type"]: envelope for _props, envelope in got}
        raised = by_type["alert_raised"]["data"]
        assert (raised["subcategory_code"], raised["agency_code"], raised["week"], raised["count"]) == \
               ("SURGE", "PPLO", week.isoformat(), 9)
        assert raised["threshold"] == 1.0 and raised["consecutive_weeks"] == 1
        assert by_type["deadline_set"]["data"]["rule"] == "WARN-3.1"

        def mailed():
            return [m for m in smtp_sink.messages() if "SURGE" in m["Subject"]]

        (message,) = eventually(mailed, timeout=15)
        assert message["To"] == "lin@pplo.gov.tw" and message["Message-ID"].startswith("<alerts-mail-")

        # Re-evaluating the week (an operator's re-run) raises nothing new.
        again = alerts.EvaluateWeek(alerts_api_pb2.EvaluateWeekRequest(week=week.isoformat(),
                                                                        staff_subject="ops"), timeout=10)
        assert (len(again.new_warnings), again.already_raised) == (0, 1)
        time.sleep(2)  # several timer ticks and mail relays of both instances
        assert listener.receive(count=1, timeout=1) == []
        assert len(mailed()) == 1

        dashboard = alerts.GetDashboard(alerts_api_pb2.GetDashboardRequest(week=week.isoformat()), timeout=5)
        surge = {s.subcategory_code: s for s in dashboard.subcategories}["SURGE"]
        assert (surge.count, surge.threshold, surge.exceeds) == (9, 1.0, True) and surge.warning_id > 0
        assert [w.subcategory_code for w in dashboard.current_warnings] == ["SURGE"]

        board = alerts.GetDeadlineBoard(alerts_api_pb2.GetDeadlineBoardRequest(
            agency_code="PPLO", within_working_days=5), timeout=5)
        listed = [(d.rule, d.source) for d in [*board.overdue, *board.due_today, *board.upcoming]]
        assert ("WARN-3.1", "alerts") in listed
    finally:
        listener.close()
        ticking.stop()


def test_staff_calls_without_a_signed_in_subject_are_permission_denied_warn_2(alerts):
    with pytest.raises(grpc.RpcError) as info:
        alerts.AddAuthorisedStaff(alerts_api_pb2.AddAuthorisedStaffRequest(
            agency_code="PPLO", subject="x", email="x@pplo.gov.tw", role="rdec_staff"), timeout=5)
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
