"""The walking skeleton end to end: file → register → route (the model, PET-5; or a receptionist, PET-6.1)
→ deadline → reply → survey → weekly count; re-assignment (PET-9.5) and the routing report through the
staff API."""

from __future__ import annotations

import time
from datetime import datetime

import grpc
import httpx
import pytest

from civicase.alerts.v1 import alerts_api_pb2, alerts_api_pb2_grpc
from civicase.reply.v1 import reply_api_pb2, reply_api_pb2_grpc
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.testing import EventListener


def _poll(fn, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    value = fn()
    while not predicate(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = fn()
    return value


@pytest.fixture
def api(system):
    with httpx.Client(base_url=system["gateway"], timeout=10) as client:
        yield client


@pytest.fixture
def staff(system):
    """A receptionist on the staff API (identity header until OIDC sign-in replaces it)."""
    with httpx.Client(base_url=system["gateway"], timeout=10, headers={"X-Staff-Subject": "reception-01"}) as client:
        yield client


class TestCitizenFilesAPetition:
    def test_petition_is_registered_routed_given_a_deadline_replied_and_surveyed(self, api, system):
        """PET-6.2 → PET-5 → PET-7.4 → PET-8.1 → PET-10: the whole path of one petition."""
        survey_events = EventListener(system["amqp_uri"], "survey", "survey_answered")
        filed = api.post("/api/v1/petitions", json={
            "content": "信義路五段與松智路口的行人號誌一直不轉綠，請檢修。", "subcategory": "TRAFFIC_SIGNAL",
            "email": "citizen@example.com"})
        assert filed.status_code == 201, filed.text
        case_number, password = filed.json()["case_number"], filed.json()["password"]
        assert case_number.startswith("000-") and len(password) == 6
        headers = {"X-Case-Password": password}

        status = _poll(lambda: api.get(f"/api/v1/petitions/{case_number}", headers=headers).json(),
                       lambda s: s.get("reply_due") is not None)
        assert status["status"] == "assigned"
        assert status["agency"]["code"] == "TEO" and status["subcategory"]["code"] == "TRAFFIC_SIGNAL"
        received = datetime.fromisoformat(status["received_at"])
        due = datetime.fromisoformat(status["reply_due"])
        assert status["reply_due"].endswith("+08:00")
        # PET-7.4: 6 working days after the day of receipt (assignment follows within the same second).
        assert due == OfficeCalendar().add_working_days(received, 6)

        with grpc.insecure_channel(system["targets"]["reply"]) as channel:
            reply_api_pb2_grpc.ReplyServiceStub(channel).RecordReply(reply_api_pb2.RecordReplyRequest(
                case_number=case_number, content="已派員檢修號誌，現已恢復正常。", level=reply_api_pb2.LEVEL_A,
                handler="交通管制工程處"), timeout=5)
        closed = api.get(f"/api/v1/petitions/{case_number}", headers=headers).json()
        assert closed["status"] == "closed"
        assert [r["level"] for r in closed["replies"]] == ["A"]
        assert closed["reply_due"] is None

        answer = _poll(
            lambda: api.post(f"/api/v1/petitions/{case_number}/survey", headers=headers,
                             json={"satisfaction": "satisfied", "comment": "謝謝"}),
            lambda r: r.status_code == 200)
        assert answer.status_code == 200, answer.text
        assert answer.json()["satisfaction"] == "satisfied"
        events = survey_events.receive(1, timeout=10)
        survey_events.close()
        assert events and events[0][1]["subject"] == case_number
        assert events[0][1]["data"]["case_number"] == case_number

        with grpc.insecure_channel(system["targets"]["alerts"]) as channel:
            counts = alerts_api_pb2_grpc.AlertsServiceStub(channel).GetWeeklyCounts(
                alerts_api_pb2.GetWeeklyCountsRequest(subcategory_code="TRAFFIC_SIGNAL"), timeout=5)
        assert any(c.subcategory_code == "TRAFFIC_SIGNAL" and c.count >= 1 for c in counts.counts)

    def test_petition_the_model_cannot_place_waits_for_a_receptionist_pet_6_1(self, api, staff):
        """PET-5 → PET-6.1: text the routing model cannot place confidently goes to the receptionists'
        queue with its suggestions; a receptionist dispatches it through the staff API."""
        filed = api.post("/api/v1/petitions", json={"content": "請市府處理一下，謝謝。", "anonymous": True}).json()
        headers = {"X-Case-Password": filed["password"]}
        status = _poll(lambda: api.get(f"/api/v1/petitions/{filed['case_number']}", headers=headers).json(),
                       lambda s: s["status"] != "registered")
        assert status["status"] == "awaiting_dispatch" and status["agency"] is None
        queue = staff.get("/api/v1/staff/routing/queue", params={"limit": 500}).json()
        [queued] = [c for c in queue if c["case_number"] == filed["case_number"]]
        assert len(queued["suggestions"]) >= 3 and queued["model_version"] == 1
        assert queued["queue_reason"].startswith("routing model not confident enough")
        r = staff.post(f"/api/v1/staff/routing/cases/{filed['case_number']}/dispatch",
                       json={"subcategory_code": "AIR_ODOR"})
        assert r.status_code == 200, r.text
        assert (r.json()["agency_code"], r.json()["dispatched_by"]) == ("DEP", "reception-01")
        status = _poll(lambda: api.get(f"/api/v1/petitions/{filed['case_number']}", headers=headers).json(),
                       lambda s: s.get("reply_due") is not None)
        assert status["status"] == "assigned" and status["agency"]["code"] == "DEP"


class TestStaffRouting:
    def test_staff_endpoints_need_a_staff_identity(self, api):
        r = api.get("/api/v1/staff/routing/queue")
        assert r.status_code == 401 and "X-Staff-Subject" in r.json()["error"]

    def test_a_clear_petition_is_routed_by_the_model_then_reassigned_with_a_reason_keeping_its_deadline_pet_9_5(
            self, api, staff):
        """PET-5 → PET-9.5: the model assigns a clear petition; staff re-assign it with a reason; the case
        moves to the new agency and keeps the reply deadline of its first assignment (PET-7.4)."""
        filed = api.post("/api/v1/petitions", json={"content": "巷口路燈不亮已一週，晚上很暗，請派員修理。"}).json()
        headers = {"X-Case-Password": filed["password"]}
        first = _poll(lambda: api.get(f"/api/v1/petitions/{filed['case_number']}", headers=headers).json(),
                      lambda s: s.get("reply_due") is not None)
        assert first["agency"]["code"] == "PPLO"
        routed = staff.get(f"/api/v1/staff/routing/cases/{filed['case_number']}").json()
        assert routed["auto_assigned"] and routed["model_version"] == 1 and routed["confidence"] >= 0.6
        r = staff.post(f"/api/v1/staff/routing/cases/{filed['case_number']}/reassign",
                       json={"subcategory_code": "MRT_CONSTRUCTION", "reason": "joint inspection: MRT works site"})
        assert r.status_code == 200, r.text
        assert (r.json()["agency_code"], r.json()["reassigned_by"]) == ("DORTS", "reception-01")
        moved = _poll(lambda: api.get(f"/api/v1/petitions/{filed['case_number']}", headers=headers).json(),
                      lambda s: s["agency"] and s["agency"]["code"] == "DORTS")
        assert moved["agency"]["code"] == "DORTS" and moved["reply_due"] == first["reply_due"]
        no_reason = staff.post(f"/api/v1/staff/routing/cases/{filed['case_number']}/reassign",
                               json={"subcategory_code": "PARK", "reason": " "})
        assert no_reason.status_code == 422 and "reason is required" in no_reason.json()["error"]

    def test_the_routing_report_shows_live_accuracy_and_the_model_versions_pet_5(self, api, staff):
        api.post("/api/v1/petitions", json={"content": "公園溜滑梯壞掉了，小朋友差點受傷。"})
        report = _poll(lambda: staff.get("/api/v1/staff/routing/report", params={"bucket": "day"}).json(),
                       lambda r: sum(row["cases"] for row in r["overall"]) >= 1)
        assert report["bucket"] == "day" and report["default_threshold"] == 0.6
        [version] = report["model_versions"]
        assert version["promoted"] and version["agency_top1"] >= 0.9 and version["most_confused"]
        assert all(0 <= row["first_try_correct_rate"] <= 1 for row in report["by_agency"])


class TestLookupIsPrivate:
    def test_wrong_password_and_unknown_case_look_the_same(self, api):
        filed = api.post("/api/v1/petitions", json={"content": "人行道磁磚破損", "subcategory": "SIDEWALK"}).json()
        wrong = api.get(f"/api/v1/petitions/{filed['case_number']}", headers={"X-Case-Password": "AAAAAA"})
        unknown = api.get("/api/v1/petitions/000-20200101-00001", headers={"X-Case-Password": filed["password"]})
        missing = api.get(f"/api/v1/petitions/{filed['case_number']}")
        assert wrong.status_code == unknown.status_code == missing.status_code == 404
        assert wrong.json() == unknown.json() == missing.json()


class TestBadInputIsRefusedAndNothingStored:
    def test_empty_content_is_refused_with_a_message(self, api):
        r = api.post("/api/v1/petitions", json={"content": "   ", "email": "not-an-email"})
        assert r.status_code == 422
        assert "content" in r.json()["error"] and "email" in r.json()["error"]

    def test_unknown_subcategory_is_refused(self, api):
        r = api.post("/api/v1/petitions", json={"content": "x", "subcategory": "NO_SUCH_THING"})
        assert r.status_code == 422 and "GET /api/v1/subcategories" in r.json()["error"]

    def test_verified_identity_category_refuses_anonymous_web_filing(self, api):
        """PET-6.3: a category marked 'verified identity required' only takes signed-in petitions."""
        r = api.post("/api/v1/petitions", json={"content": "個資外洩", "subcategory": "DATA_LEAK"})
        assert r.status_code == 403 and "PET-6.3" in r.json()["error"]

    def test_missing_body_field_is_named(self, api):
        r = api.post("/api/v1/petitions", json={})
        assert r.status_code == 422 and r.json()["problems"][0]["field"] == "content"


class TestOnlineApplication:
    def test_application_is_accepted_with_its_processing_deadline(self, api):
        """APP-7, APP-11: the catalogue is served and an application gets its due date."""
        services = api.get("/api/v1/services").json()
        types = {s["type"] for s in services}
        assert {"fully_online", "partly_online", "appointment"} <= types
        service = next(s for s in services if s["type"] == "fully_online" and not s["payment_first"])
        r = api.post("/api/v1/applications", json={
            "service_code": service["code"], "applicant_name": "王小明", "email": "applicant@example.com",
            "documents": service["documents"]})
        assert r.status_code == 201, r.text
        app = r.json()
        assert app["due"] and app["due"].endswith("+08:00")
        got = api.get(f"/api/v1/applications/{app['application_number']}",
                      headers={"X-Applicant-Contact": "applicant@example.com"})
        assert got.status_code == 200 and got.json()["application_number"] == app["application_number"]
        other = api.get(f"/api/v1/applications/{app['application_number']}",
                        headers={"X-Applicant-Contact": "someone@example.com"})
        assert other.status_code == 404


class TestOperations:
    def test_health_reports_every_dependency(self, api):
        r = api.get("/healthz")
        assert r.status_code == 200, r.text
        assert set(r.json()["dependencies"]) == {"intake", "routing", "reply", "survey", "alerts", "eapply", "redis"}

    def test_openapi_is_served(self, api):
        assert api.get("/docs").status_code == 200
        assert "/api/v1/petitions" in api.get("/openapi.json").json()["paths"]


class TestPublishedReplyIsMasked:
    def test_staff_approve_the_masked_reply_and_the_public_sees_circles_for_the_petitioner(self, api, system):
        """PET-7.3/PET-12 through the gateway: a reply naming the petitioner is masked with her own
        name and phone as known context, a clerk fixes and approves it, the public sees only ○."""
        name, phone = "陳淑芬", "0922-333-444"
        filed = api.post("/api/v1/petitions", json={
            "content": f"我是{name}，住家前人行道破損，請聯絡{phone}。", "subcategory": "TRAFFIC_SIGNAL",
            "name": name, "phone": phone})
        assert filed.status_code == 201, filed.text
        case_number = filed.json()["case_number"]
        staff = {"X-Staff-Subject": "clerk-e2e"}
        assert api.get(f"/api/v1/petitions/{case_number}/published-reply").status_code == 404

        def assigned():
            try:
                with grpc.insecure_channel(system["targets"]["reply"]) as channel:
                    return reply_api_pb2_grpc.ReplyServiceStub(channel).RecordReply(
                        reply_api_pb2.RecordReplyRequest(
                            case_number=case_number, level=reply_api_pb2.LEVEL_A, handler="交通管制工程處",
                            content=f"{name}君您好：已於本週修復，如需協助請撥{phone.replace('-', '')}。"),
                        timeout=5)
            except grpc.RpcError as exc:
                assert exc.code() == grpc.StatusCode.NOT_FOUND  # not assigned yet
                return None

        assert _poll(assigned, lambda r: r is not None) is not None
        assert api.get("/api/v1/staff/masking/queue").status_code == 401
        copies = _poll(lambda: api.get(f"/api/v1/staff/masking/cases/{case_number}/copies", headers=staff).json(),
                       lambda c: isinstance(c, list) and len(c) == 2)
        reply_copy = next(c for c in copies if c["kind"] == "reply")
        assert reply_copy["state"] == "pending_review" and reply_copy["due"].endswith("17:30:00+08:00")
        queue = api.get("/api/v1/staff/masking/queue", headers=staff).json()
        assert reply_copy["id"] in [c["id"] for c in queue]

        bad = api.patch(f"/api/v1/staff/masking/copies/{reply_copy['id']}/spans", headers=staff,
                        json={"add": [{"start": 0, "end": 500, "type": "PERSON"}]})
        assert bad.status_code == 422 and "start < end" in bad.json()["error"]
        # the clerk also masks 本週 (a date the engine leaves): their edit is kept in the published text
        week = reply_copy["masked_text"].index("本週")
        edited = api.patch(f"/api/v1/staff/masking/copies/{reply_copy['id']}/spans", headers=staff,
                           json={"add": [{"start": week, "end": week + 2, "type": "BIRTH_DATE"}], "reason": "e2e"})
        assert edited.status_code == 200, edited.text
        for copy in copies:
            approved = api.post(f"/api/v1/staff/masking/copies/{copy['id']}/approve", headers=staff)
            assert approved.status_code == 200 and approved.json()["reviewed_by"] == "clerk-e2e"
        again = api.post(f"/api/v1/staff/masking/copies/{reply_copy['id']}/approve", headers=staff)
        assert again.status_code == 409

        public = api.get(f"/api/v1/petitions/{case_number}/published-reply")
        assert public.status_code == 200, public.text
        body = public.json()
        [published] = body["replies"]
        assert published["masked_text"] == "○○○君您好：已於○○修復，如需協助請撥○○○○○○○○○○。"
        for secret in (name, phone, phone.replace("-", "")):
            assert secret not in public.text
        assert body["case_content"]["masked_text"].startswith("我是○○○，")
