"""Calendar (closures) end to end: an administrator declares a typhoon closure (停班) through the staff API
and the reply due of a petition already filed moves one working day later, as the citizen sees it."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from civicase_platform.calendar import OfficeCalendar

pytestmark = pytest.mark.declares_closures


def _poll(fn, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    value = fn()
    while not predicate(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = fn()
    return value


def test_a_closure_inside_the_window_moves_the_reply_due_by_one_working_day_pet_7_4(system):
    """Calendar (closures), PET-7.4: file a petition (due 17:30 of working day 6), declare a city-wide closure
    on working day 3; GET /api/v1/petitions/{n} then shows the due one working day later."""
    with httpx.Client(base_url=system["gateway"], timeout=10) as api, \
            httpx.Client(base_url=system["gateway"], timeout=10, headers={"X-Staff-Subject": "city-admin"}) as staff:
        filed = api.post("/api/v1/petitions", json={
            "content": "和平東路二段的行人號誌故障，請派員檢修。", "subcategory": "TRAFFIC_SIGNAL"})
        assert filed.status_code == 201, filed.text
        number, headers = filed.json()["case_number"], {"X-Case-Password": filed.json()["password"]}
        status = _poll(lambda: api.get(f"/api/v1/petitions/{number}", headers=headers).json(),
                       lambda s: s.get("reply_due") is not None)
        received = datetime.fromisoformat(status["received_at"])
        due = datetime.fromisoformat(status["reply_due"])
        assert due == OfficeCalendar().add_working_days(received, 6)

        closed_day = OfficeCalendar().add_working_days(received, 3).date()
        declared = staff.post("/api/v1/staff/closures", json={"day": closed_day.isoformat(), "reason": "颱風停班"})
        assert declared.status_code == 201, declared.text
        assert declared.json()["applied"] is True and declared.json()["declared_by"] == "city-admin"
        again = staff.post("/api/v1/staff/closures", json={"day": closed_day.isoformat()})
        assert again.status_code == 409, again.text
        listed = staff.get("/api/v1/staff/closures").json()
        assert closed_day.isoformat() in [c["day"] for c in listed]
        assert api.get("/api/v1/staff/closures").status_code == 401

        expected = OfficeCalendar([closed_day]).add_working_days(received, 6)
        assert expected > due
        moved = _poll(lambda: api.get(f"/api/v1/petitions/{number}", headers=headers).json(),
                      lambda s: datetime.fromisoformat(s["reply_due"]) != due)
        assert datetime.fromisoformat(moved["reply_due"]) == expected
