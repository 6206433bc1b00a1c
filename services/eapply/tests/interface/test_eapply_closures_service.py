"""Interface test of closure days in the running eapply service ("Calendar (closures)", APP-11): alerts'
closure_declared on the bus moves an open application's APP-11 due, seen by the progress query and announced
again as deadline_set; the same event delivered twice moves it once. Observed only through AMQP and gRPC."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from civicase.alerts.v1 import events_pb2 as alerts_events_pb2
from civicase.eapply.v1 import eapply_api_pb2
from civicase_platform.calendar import OfficeCalendar, deadline
from civicase_platform.events import new_event
from civicase_platform.grpc_support import from_timestamp, to_timestamp
from civicase_platform.testing import EventPublisher, eventually

pytestmark = pytest.mark.interface

FOOD = dict(service_code="DOH-FOOD-BUSINESS-REGISTRATION", applicant_name="王小明", email="ming@example.com",
            documents=["申請書", "負責人身分證明", "營業場所平面圖"], form={"shop_name": "小明麵店"})


def test_closure_declared_moves_an_open_app_11_due_once(eapply, amqp_uri, listener):
    """Calendar (closures), APP-11: a city-wide closure on working day 2 of a 7-working-day limit moves the due
    one working day; a redelivered event changes nothing more."""
    app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(**FOOD), timeout=10)
    received, due = from_timestamp(app.received_at), from_timestamp(app.due)
    assert due == deadline("APP-11", received, n=7, unit="working")
    closed = OfficeCalendar().add_working_days(received, 2).date()
    event = new_event("alerts", "closure_declared", closed.isoformat(), alerts_events_pb2.ClosureDeclared(
        day=closed.isoformat(), scope="city", reason="颱風停班", declared_by="admin",
        declared_at=to_timestamp(datetime.now(UTC))))
    publisher = EventPublisher(amqp_uri)
    try:
        publisher.publish(event, "alerts")
        publisher.publish(event, "alerts")  # redelivered
    finally:
        publisher.close()
    expected = deadline("APP-11", received, n=7, unit="working", calendar=OfficeCalendar([closed]))

    def current_due():
        return from_timestamp(eapply.GetApplication(eapply_api_pb2.GetApplicationRequest(
            application_number=app.application_number, email=FOOD["email"]), timeout=5).due)

    assert eventually(lambda: current_due() == expected, timeout=15)
    announced = []
    end = time.monotonic() + 3
    while time.monotonic() < end:
        for _props, body in listener.receive(1, timeout=0.5):
            if body["type"] == "deadline_set" and body["subject"] == app.application_number:
                announced.append(body["data"]["due"])
    assert [from_timestamp_iso(d) for d in announced] == [due, expected]


def from_timestamp_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
