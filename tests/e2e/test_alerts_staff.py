"""Staff pages of early warning and time-limit control end to end through the gateway (WARN-2, PET-14.3):
a petition's reply deadline reaches the board, authorised staff changes are recorded, and staff calls
need a signed-in subject."""

from __future__ import annotations

import time

import httpx
import pytest

STAFF = {"X-Staff-Subject": "rdec-city-01"}


@pytest.fixture
def api(system):
    with httpx.Client(base_url=system["gateway"], timeout=15) as client:
        yield client


def _poll(fn, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    value = fn()
    while not predicate(value) and time.monotonic() < deadline:
        time.sleep(0.3)
        value = fn()
    return value


def test_staff_endpoints_without_a_signed_in_subject_are_401(api):
    for path in ("/api/v1/staff/deadlines/board", "/api/v1/staff/alerts/dashboard"):
        response = api.get(path)
        assert response.status_code == 401 and "X-Staff-Subject" in response.json()["error"]


def test_a_petitions_reply_deadline_is_on_its_agencys_board_pet_14_3(api):
    filed = api.post("/api/v1/petitions", json={
        "content": "路口號誌故障，請派員檢修。", "subcategory": "TRAFFIC_SIGNAL", "email": "board@example.com"})
    assert filed.status_code == 201, filed.text
    case_number = filed.json()["case_number"]

    def board():
        return api.get("/api/v1/staff/deadlines/board", params={"agency": "TEO", "within_working_days": 6},
                       headers=STAFF).json()

    found = _poll(board, lambda b: any(d["subject"] == case_number for d in b.get("upcoming", [])))
    (entry,) = [d for d in found["upcoming"] if d["subject"] == case_number]
    assert entry["rule"] == "PET-7.4" and entry["source"] == "reply" and entry["due"].endswith("17:30:00+08:00")


def test_authorised_staff_changes_are_recorded_with_who_and_when_warn_2(api):
    added = api.post("/api/v1/staff/alerts/agencies/PPLO/staff", headers=STAFF, json={
        "subject": "pplo-rdec-1", "name": "林研考", "email": "rdec1@pplo.gov.tw", "role": "rdec_staff",
        "reason": "RDEC request"})
    assert added.status_code == 201, added.text
    assert added.json()["added_by"] == "rdec-city-01" and added.json()["added_at"].endswith("+08:00")
    bad = api.post("/api/v1/staff/alerts/agencies/PPLO/staff", headers=STAFF, json={
        "subject": "x", "email": "nope", "role": "boss"})
    assert bad.status_code == 422 and "role" in bad.json()["error"]
    removed = api.delete("/api/v1/staff/alerts/agencies/PPLO/staff/pplo-rdec-1", headers=STAFF,
                         params={"reason": "moved"})
    assert removed.json() == {"removed": True}
    changes = api.get("/api/v1/staff/alerts/agencies/PPLO/staff-changes", headers=STAFF).json()["changes"]
    assert [(c["action"], c["changed_by"]) for c in changes] == [("remove", "rdec-city-01"), ("add", "rdec-city-01")]


def test_the_dashboard_answers_for_the_latest_complete_week_warn_2(api):
    response = api.get("/api/v1/staff/alerts/dashboard", headers=STAFF)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["complete"] is True and len(body["week"]) == 10
    not_monday = api.get("/api/v1/staff/alerts/dashboard", params={"week": "2026-03-04"}, headers=STAFF)
    assert not_monday.status_code == 422 and "Monday" in not_monday.json()["error"]


def test_a_decided_application_leaves_the_board_app_10_3_3_pet_14_3(api):
    """eapply's APP-11 deadline appears on the time-limit board and is met when the agency decides."""
    services = api.get("/api/v1/services").json()
    service = next(s for s in services if s["type"] == "fully_online" and not s["payment_first"])
    submitted = api.post("/api/v1/applications", json={
        "service_code": service["code"], "applicant_name": "王小明", "email": "decide@example.com",
        "documents": service["documents"]})
    assert submitted.status_code == 201, submitted.text
    number = submitted.json()["application_number"]

    def deadlines():
        return api.get("/api/v1/staff/deadlines", params={"subject": number}, headers=STAFF).json()["deadlines"]

    (opened,) = _poll(deadlines, lambda d: len(d) == 1)
    assert opened["rule"] == "APP-11" and opened["source"] == "eapply" and not opened.get("met_at")

    assert api.post(f"/api/v1/staff/applications/{number}/decision", json={"outcome": "approved"}).status_code == 401
    refused = api.post(f"/api/v1/staff/applications/{number}/decision", headers=STAFF,
                       json={"outcome": "rejected"})
    assert refused.status_code == 422 and "reason" in refused.json()["error"]
    decided = api.post(f"/api/v1/staff/applications/{number}/decision", headers=STAFF, json={"outcome": "approved"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["state"] == "approved" and decided.json()["decided_at"].endswith("+08:00")
    again = api.post(f"/api/v1/staff/applications/{number}/decision", headers=STAFF, json={"outcome": "approved"})
    assert again.status_code == 409 and "already decided" in again.json()["error"]

    (met,) = _poll(deadlines, lambda d: len(d) == 1 and d[0].get("met_at"))
    assert met["met_at"]
    seen = api.get(f"/api/v1/applications/{number}", headers={"X-Applicant-Contact": "decide@example.com"})
    assert seen.json()["state"] == "approved"  # APP-10.3.5: the result is visible to the applicant


def test_the_dashboard_page_is_served_and_uses_the_staff_api_warn_2(api):
    page = api.get("/staff/alerts")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for used in ("/api/v1/staff/alerts/dashboard", "/api/v1/staff/deadlines/board", "X-Staff-Subject", "<svg"):
        assert used in page.text
