"""Unit tests of eapply's rules: the catalogue, what an application must contain (APP-8), application
numbers, the APP-11 processing deadline worked out by hand, and the progress-query contact check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from civicase_platform.calendar import OfficeCalendar
from civicase_platform.errors import Conflict, InvalidInput
from eapply.adapters.catalogue import bundled_catalogue
from eapply.domain.applications import (
    STATE_APPOINTMENT_BOOKED,
    STATE_AWAITING_PAYMENT,
    STATE_PROCESSING,
    application_number,
    contact_matches,
    initial_state,
    processing_due,
    validate_decision,
    validate_submission,
)
from eapply.domain.catalogue import CatalogueError, CatalogueService, parse_catalogue

TAIPEI = ZoneInfo("Asia/Taipei")
CAL = OfficeCalendar()
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)  # Monday, a working day

ONLINE = CatalogueService(code="DOH-FOOD", name="食品業者登錄", agency_code="DOH", agency_number="110",
                          type="partly_online", processing_days=7, day_unit="working",
                          documents=("申請書", "平面圖"), fee=0)
APPOINTMENT = replace(ONLINE, code="CAB-APPT", type="appointment", documents=("國民身分證",))


def submit(service=ONLINE, **kwargs):
    values = dict(service_code=service.code if service else "NOPE", applicant_name="王小明",
                  email="ming@example.com", documents=["申請書", "平面圖"], now=NOW, calendar=CAL)
    values.update(kwargs)
    return validate_submission(service, **values)


class TestCatalogue:
    def test_the_bundled_catalogue_has_every_service_type_of_app_8(self):
        services = bundled_catalogue()
        assert {s.type for s in services} == {"fully_online", "partly_online", "appointment"}
        assert all(sum(s.type == t for s in services) >= 3 for t in ("fully_online", "partly_online", "appointment"))

    def test_an_online_fee_may_be_lower_and_defaults_to_the_fee_app_8(self):
        assert replace(ONLINE, fee=1000, online_fee=700).fee_online == 700
        assert replace(ONLINE, fee=1000).fee_online == 1000

    def test_a_wrong_catalogue_is_refused_naming_every_problem(self):
        with pytest.raises(CatalogueError) as info:
            parse_catalogue({"services": [{"code": "X-1", "type": "kiosk", "day_unit": "hours", "processing_days": 0,
                                           "agency_number": "1", "fee": 10, "online_fee": 20}]})
        for word in ("type", "day_unit", "processing_days", "agency_number", "online_fee", "name"):
            assert word in str(info.value)


class TestValidateSubmission:
    def test_a_complete_online_application_passes(self):
        assert submit().documents == ("申請書", "平面圖")

    def test_every_missing_required_document_is_named_app_8(self):
        with pytest.raises(InvalidInput, match="documents: attach 申請書, 平面圖"):
            submit(documents=[])

    def test_every_problem_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as info:
            submit(applicant_name=" ", email="", phone="", documents=["申請書"])
        message = str(info.value)
        assert "applicant_name" in message and "email or phone" in message and "平面圖" in message

    def test_an_unknown_service_is_reported_with_the_other_problems(self):
        with pytest.raises(InvalidInput) as info:
            submit(service=None, applicant_name="")
        assert "service_code" in str(info.value) and "applicant_name" in str(info.value)

    @pytest.mark.parametrize("field,value", [("email", "not-an-email"), ("phone", "call me")])
    def test_invalid_contact_details_are_refused(self, field, value):
        with pytest.raises(InvalidInput, match=field):
            submit(**{"email": "", field: value})

    def test_a_phone_alone_is_enough_contact(self):
        assert submit(email="", phone="02-2720-8889").phone == "02-2720-8889"

    def test_an_appointment_in_office_hours_on_a_working_day_passes_app_8(self):
        result = submit(APPOINTMENT, documents=[], appointment_at="2026-03-03T09:00:00+08:00")
        assert result.appointment_at == datetime(2026, 3, 3, 9, 0, tzinfo=TAIPEI)

    def test_an_appointment_given_in_utc_is_checked_in_taipei_time(self):
        # 01:00Z is 09:00 in Taipei
        assert submit(APPOINTMENT, documents=[], appointment_at="2026-03-03T01:00:00Z").appointment_at

    @pytest.mark.parametrize("at,reason", [
        ("", "required"),
        ("next tuesday", "ISO 8601"),
        ("2026-03-03T09:00:00", "offset"),
        ("2026-03-02T09:00:00+08:00", "future"),
        ("2026-03-07T09:00:00+08:00", "not a working day"),  # Saturday
        ("2026-02-17T09:00:00+08:00", "not a working day"),  # Lunar New Year, and in the past
        ("2026-03-03T12:45:00+08:00", "outside office hours"),  # lunch break
        ("2026-03-03T17:30:00+08:00", "outside office hours"),  # close of office
        ("2026-03-03T08:00:00+08:00", "outside office hours"),
        ("2026-09-01T09:00:00+08:00", "90 days"),
    ])
    def test_a_bad_appointment_time_is_refused_saying_why(self, at, reason):
        with pytest.raises(InvalidInput, match=reason):
            submit(APPOINTMENT, documents=[], appointment_at=at)

    def test_an_online_service_takes_no_appointment_time(self):
        with pytest.raises(InvalidInput, match="only appointment services"):
            submit(appointment_at="2026-03-03T09:00:00+08:00")


class TestApplicationNumber:
    def test_the_number_is_agency_a_taipei_date_and_five_digit_serial(self):
        assert application_number("020", date(2026, 2, 13), 7) == "020-A-20260213-00007"

    def test_the_serial_is_bounded(self):
        with pytest.raises(InvalidInput, match="exhausted"):
            application_number("020", date(2026, 2, 13), 100_000)


class TestProcessingDueApp11:
    RECEIVED = datetime(2026, 2, 13, 10, 0, tzinfo=TAIPEI)  # Friday before Lunar New Year (Feb 14-22 off)

    def test_the_holiday_calendar_is_as_assumed(self):
        assert not any(CAL.is_working_day(date(2026, 2, d)) for d in range(14, 23))
        assert all(CAL.is_working_day(date(2026, 2, d)) for d in (23, 24, 25))

    def test_three_working_days_count_from_the_day_after_receipt_skipping_the_new_year(self):
        due = processing_due(replace(ONLINE, processing_days=3, day_unit="working"), self.RECEIVED, CAL)
        assert due == datetime(2026, 2, 25, 17, 30, tzinfo=TAIPEI)

    def test_ten_calendar_days_end_at_the_end_of_day_ten(self):
        due = processing_due(replace(ONLINE, processing_days=10, day_unit="calendar"), self.RECEIVED, CAL)
        assert due == datetime(2026, 2, 23, 23, 59, 59, tzinfo=TAIPEI)

    def test_a_calendar_day_limit_ending_on_a_holiday_moves_to_the_next_working_day(self):
        due = processing_due(replace(ONLINE, processing_days=5, day_unit="calendar"), self.RECEIVED, CAL)
        assert due == datetime(2026, 2, 23, 23, 59, 59, tzinfo=TAIPEI)  # day 5 = Feb 18, a holiday

    def test_receipt_late_in_the_evening_still_counts_from_the_next_day(self):
        late = datetime(2026, 3, 2, 23, 50, tzinfo=TAIPEI)
        due = processing_due(replace(ONLINE, processing_days=1, day_unit="working"), late, CAL)
        assert due == datetime(2026, 3, 3, 17, 30, tzinfo=TAIPEI)

    def test_a_payment_first_service_waits_for_payment_unless_it_is_free(self):
        assert initial_state(replace(ONLINE, payment_first=True, fee=20)) == STATE_AWAITING_PAYMENT
        assert initial_state(replace(ONLINE, payment_first=True, fee=0)) == STATE_PROCESSING
        assert initial_state(ONLINE) == STATE_PROCESSING
        assert initial_state(APPOINTMENT) == STATE_APPOINTMENT_BOOKED


class TestContactMatches:
    def test_the_email_matches_case_insensitively(self):
        assert contact_matches("Ming@Example.com", "", " ming@example.COM ")

    def test_with_an_email_on_file_the_phone_is_not_accepted(self):
        assert not contact_matches("ming@example.com", "0912345678", "0912345678")

    def test_a_phone_only_application_accepts_the_phone_whatever_its_punctuation(self):
        assert contact_matches("", "0912-345-678", "0912 345 678")
        assert not contact_matches("", "0912-345-678", "0912-345-679")

    def test_an_empty_contact_never_matches(self):
        assert not contact_matches("", "", "")


class TestDecisionRules:
    """APP-10.3.2 (reject with a reason) and APP-10.3.3 (approve) — only while the APP-11 clock runs."""

    def test_every_problem_of_a_decision_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as err:
            validate_decision(state="processing", outcome="maybe", reason="", decided_by="")
        assert "outcome" in str(err.value) and "decided_by" in str(err.value)

    def test_a_rejection_without_a_reason_is_refused(self):
        with pytest.raises(InvalidInput, match="reason"):
            validate_decision(state="processing", outcome="rejected", reason="  ", decided_by="clerk")

    @pytest.mark.parametrize("state", ["awaiting_payment", "appointment_booked", "approved", "rejected"])
    def test_only_an_application_being_processed_can_be_decided(self, state):
        with pytest.raises(Conflict):
            validate_decision(state=state, outcome="approved", reason="", decided_by="clerk")

    def test_outcome_is_normalised(self):
        assert validate_decision(state="processing", outcome=" Approved ", reason="", decided_by=" c ").outcome \
            == "approved"
