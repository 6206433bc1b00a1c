"""Interface tests of the running eapply service: the catalogue (APP-7, APP-8), submission with its
events on the bus (APP-10.1, APP-11), payment, the progress query, and the errors a person can act on."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import grpc
import pytest

from civicase.eapply.v1 import eapply_api_pb2
from civicase_platform.calendar import OfficeCalendar

pytestmark = pytest.mark.interface
TAIPEI = ZoneInfo("Asia/Taipei")

FOOD = dict(service_code="DOH-FOOD-BUSINESS-REGISTRATION", applicant_name="王小明", email="ming@example.com",
            documents=["申請書", "負責人身分證明", "營業場所平面圖"], form={"shop_name": "小明麵店"})


def next_working_morning() -> str:
    day = OfficeCalendar().next_working_day(datetime.now(TAIPEI).date())
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=TAIPEI).isoformat()


def events_for(listener, subject, types, timeout=15.0):
    """The events about ``subject`` of the given types (others on the bus are skipped), by type."""
    found: dict[str, dict] = {}
    deadline = time.monotonic() + timeout
    while set(types) - set(found) and time.monotonic() < deadline:
        for _props, body in listener.receive(1, timeout=max(0.1, deadline - time.monotonic())):
            if body["subject"] == subject:
                found[body["type"]] = body
    return found


class TestListServices:
    def test_the_catalogue_offers_every_type_with_its_terms_app_7_app_8(self, eapply):
        services = {s.code: s for s in eapply.ListServices(eapply_api_pb2.ListServicesRequest(), timeout=5).services}
        assert {s.type for s in services.values()} == {
            eapply_api_pb2.SERVICE_TYPE_FULLY_ONLINE, eapply_api_pb2.SERVICE_TYPE_PARTLY_ONLINE,
            eapply_api_pb2.SERVICE_TYPE_APPOINTMENT}
        transcript = services["CAB-HOUSEHOLD-TRANSCRIPT"]
        assert (transcript.fee, transcript.online_fee, transcript.payment_first) == (15, 10, True)
        assert transcript.e_signature_accepted and list(transcript.exempt_documents) == ["國民身分證影本"]


class TestSubmitApplication:
    def test_a_submission_is_announced_on_the_bus_with_its_app_11_deadline_app_10_1(self, eapply, listener):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(**FOOD), timeout=10)
        assert app.application_number.startswith("110-A-") and app.state == "processing"
        assert app.due.seconds > app.received_at.seconds
        events = events_for(listener, app.application_number, ["application_submitted", "deadline_set"])
        submitted, deadline = events["application_submitted"], events["deadline_set"]
        assert submitted["subject"] == app.application_number
        assert submitted["data"]["service_code"] == FOOD["service_code"]
        assert deadline["data"]["rule"] == "APP-11" and deadline["data"]["subject"] == app.application_number
        assert "ming@example.com" not in str(events) and "王小明" not in str(events)

    def test_an_incomplete_application_is_invalid_argument_listing_every_problem(self, eapply, listener):
        request = eapply_api_pb2.SubmitApplicationRequest(**{**FOOD, "email": "", "documents": ["申請書"]})
        while listener.receive(1, timeout=0.5):
            pass  # drain what earlier tests left
        with pytest.raises(grpc.RpcError) as info:
            eapply.SubmitApplication(request, timeout=10)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "email or phone" in info.value.details() and "營業場所平面圖" in info.value.details()
        assert listener.receive(1, timeout=1) == []

    def test_an_appointment_is_booked_in_office_hours_without_a_processing_due(self, eapply):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(
            service_code="DSW-DISABILITY-CERTIFICATE-APPOINTMENT", applicant_name="陳大文", phone="0912345678",
            appointment_at=next_working_morning()), timeout=10)
        assert app.state == "appointment_booked" and not app.HasField("due")
        assert app.appointment_at.seconds > 0

    def test_an_appointment_on_a_weekend_is_invalid_argument(self, eapply):
        now = datetime.now(TAIPEI)
        saturday = (now + timedelta(days=(5 - now.weekday()) % 7 or 7)).replace(hour=10, minute=0, second=0)
        with pytest.raises(grpc.RpcError) as info:
            eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(
                service_code="CAB-HOUSEHOLD-COUNTER-APPOINTMENT", applicant_name="陳大文", phone="0912345678",
                appointment_at=saturday.isoformat()), timeout=10)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "not a working day" in info.value.details()


class TestPaymentAndProgress:
    def test_a_payment_first_application_starts_its_clock_when_paid_app_11(self, eapply, listener):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(
            service_code="CAB-HOUSEHOLD-TRANSCRIPT", applicant_name="林美麗", phone="0912-345-678",
            documents=["申請書"]), timeout=10)
        assert app.state == "awaiting_payment" and not app.HasField("due") and app.fee == 10
        assert set(events_for(listener, app.application_number, ["application_submitted"])) == {
            "application_submitted"}
        paid = eapply.RecordPayment(eapply_api_pb2.RecordPaymentRequest(
            application_number=app.application_number, amount=10), timeout=10)
        assert paid.state == "processing" and paid.HasField("due") and paid.amount_paid == 10
        assert set(events_for(listener, app.application_number, ["application_paid", "deadline_set"])) == {
            "application_paid", "deadline_set"}
        with pytest.raises(grpc.RpcError) as info:
            eapply.RecordPayment(eapply_api_pb2.RecordPaymentRequest(
                application_number=app.application_number, amount=10), timeout=10)
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        # applied with a phone only: the phone stands in for the e-mail in the progress query
        found = eapply.GetApplication(eapply_api_pb2.GetApplicationRequest(
            application_number=app.application_number, email="0912345678"), timeout=5)
        assert found.state == "processing" and found.service_name == "戶籍謄本申請"

    def test_the_progress_query_needs_the_applicants_email_app_7(self, eapply, listener):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(**FOOD), timeout=10)
        found = eapply.GetApplication(eapply_api_pb2.GetApplicationRequest(
            application_number=app.application_number, email="ming@example.com"), timeout=5)
        assert found.application_number == app.application_number
        wrong = ((app.application_number, "other@example.com"), ("110-A-20000101-00001", "ming@example.com"))
        for number, email in wrong:
            with pytest.raises(grpc.RpcError) as info:
                eapply.GetApplication(eapply_api_pb2.GetApplicationRequest(
                    application_number=number, email=email), timeout=5)
            assert info.value.code() == grpc.StatusCode.NOT_FOUND

    def test_no_personal_data_reaches_the_logs(self, eapply_service):
        logs = eapply_service.logs()
        assert "ming@example.com" not in logs and "王小明" not in logs and "0912" not in logs


class TestDecideApplication:
    def test_a_decision_is_announced_with_the_end_of_the_app_11_deadline_app_10_3_3(self, eapply, listener):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(**FOOD), timeout=10)
        decided = eapply.DecideApplication(eapply_api_pb2.DecideApplicationRequest(
            application_number=app.application_number, outcome="approved", decided_by="clerk-1"), timeout=10)
        assert decided.state == "approved" and decided.decided_at.seconds > 0
        events = events_for(listener, app.application_number, ["application_decided", "deadline_met"])
        assert events["application_decided"]["data"]["outcome"] == "approved"
        assert events["deadline_met"]["data"]["rule"] == "APP-11"

    def test_a_bad_decision_says_what_to_fix_and_a_second_one_is_failed_precondition(self, eapply):
        app = eapply.SubmitApplication(eapply_api_pb2.SubmitApplicationRequest(**FOOD), timeout=10)
        with pytest.raises(grpc.RpcError) as err:
            eapply.DecideApplication(eapply_api_pb2.DecideApplicationRequest(
                application_number=app.application_number, outcome="rejected", decided_by="clerk-1"), timeout=10)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "reason" in err.value.details()
        eapply.DecideApplication(eapply_api_pb2.DecideApplicationRequest(
            application_number=app.application_number, outcome="rejected", reason="文件不全",
            decided_by="clerk-1"), timeout=10)
        with pytest.raises(grpc.RpcError) as err:
            eapply.DecideApplication(eapply_api_pb2.DecideApplicationRequest(
                application_number=app.application_number, outcome="approved", decided_by="clerk-1"), timeout=10)
        assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
