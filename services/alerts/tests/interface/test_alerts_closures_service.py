"""Interface tests of closure days in the running alerts service ("Calendar (closures)"): DeclareClosure
answers with the stored closure and publishes closure_declared on alerts.events; duplicates and days too far
back are refused with a clear status; ListClosures lists them; the time-limit board counts with them.
Observed only through gRPC and AMQP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest

from civicase.alerts.v1 import alerts_api_pb2
from civicase_platform.calendar import TAIPEI, OfficeCalendar
from civicase_platform.testing import EventListener

pytestmark = pytest.mark.interface


def test_declare_closure_publishes_closure_declared_and_refuses_a_duplicate(alerts, amqp_uri):
    """Calendar (closures): DeclareClosure → closure_declared event; the same day again → ALREADY_EXISTS."""
    day = (datetime.now(UTC).astimezone(TAIPEI).date() + timedelta(days=40)).isoformat()
    listener = EventListener(amqp_uri, "alerts", ["closure_declared"])
    try:
        closure = alerts.DeclareClosure(alerts_api_pb2.DeclareClosureRequest(
            day=day, reason="颱風停班", staff_subject="city-admin"), timeout=5)
        assert (closure.day, closure.scope, closure.declared_by, closure.applied) == (day, "city", "city-admin", True)
        [(props, envelope)] = listener.receive(count=1, timeout=15)
        assert envelope["type"] == "closure_declared" and envelope["subject"] == day
        assert envelope["data"]["day"] == day and envelope["data"]["scope"] == "city"
        assert props.message_id == envelope["id"]
    finally:
        listener.close()
    with pytest.raises(grpc.RpcError) as refused:
        alerts.DeclareClosure(alerts_api_pb2.DeclareClosureRequest(day=day, staff_subject="city-admin"), timeout=5)
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "already declared" in refused.value.details()
    listed = alerts.ListClosures(alerts_api_pb2.ListClosuresRequest(from_day=day), timeout=5)
    assert [(c.day, c.scope, c.reason) for c in listed.closures] == [(day, "city", "颱風停班")]


def test_a_day_more_than_seven_days_back_is_invalid_argument(alerts):
    """Calendar (closures): closures more than 7 days in the past cannot be declared."""
    old = (datetime.now(UTC).astimezone(TAIPEI).date() - timedelta(days=8)).isoformat()
    with pytest.raises(grpc.RpcError) as refused:
        alerts.DeclareClosure(alerts_api_pb2.DeclareClosureRequest(day=old, staff_subject="city-admin"), timeout=5)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "more than 7 days in the past" in refused.value.details()


def test_the_deadline_board_horizon_skips_a_declared_closure_pet_14_3(alerts):
    """Calendar (closures), PET-14.3: "within 1 working day" ends one working day later once the next working
    day is declared closed."""
    today = datetime.now(UTC).astimezone(TAIPEI).date()
    next_day = OfficeCalendar().next_working_day(today)

    def horizon() -> str:
        return alerts.GetDeadlineBoard(alerts_api_pb2.GetDeadlineBoardRequest(within_working_days=1),
                                       timeout=5).horizon_date

    assert horizon() == next_day.isoformat()
    alerts.DeclareClosure(alerts_api_pb2.DeclareClosureRequest(day=next_day.isoformat(), staff_subject="admin"),
                          timeout=5)
    assert horizon() == OfficeCalendar([next_day]).next_working_day(today).isoformat()
