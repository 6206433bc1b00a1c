"""Integration tests of eapply's use cases on real PostgreSQL: catalogue loading, submission with its
events in the outbox (APP-10.1, APP-11), numbering under concurrency, payment, progress query."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from civicase_platform.calendar import OfficeCalendar
from civicase_platform.errors import Conflict, InvalidInput, NotFound
from eapply import handlers
from eapply.adapters.catalogue import bundled_catalogue, load_catalogue
from eapply.adapters.orm import applications, outbox

TAIPEI = ZoneInfo("Asia/Taipei")
CAL = OfficeCalendar()
RECEIVED = datetime(2026, 2, 13, 10, 0, tzinfo=TAIPEI)

FOOD = handlers.SubmitRequest(
    service_code="DOH-FOOD-BUSINESS-REGISTRATION", applicant_name="王小明", email="ming@example.com",
    documents=("申請書", "負責人身分證明", "營業場所平面圖"), form={"shop_name": "小明麵店"},
)
TRANSCRIPT = handlers.SubmitRequest(service_code="CAB-HOUSEHOLD-TRANSCRIPT", applicant_name="林美麗",
                                    phone="0912-345-678", documents=("申請書",))


def submit(uow, request, now=RECEIVED):
    with uow() as tx:
        row = handlers.submit_application(tx, request, calendar=CAL, now=now)
        tx.commit()
    return row


def published(uow):
    with uow() as tx:
        return [(r.routing_key, r.envelope) for r in tx.session.execute(select(outbox).order_by(outbox.c.seq))]


class TestCatalogueLoading:
    def test_loading_twice_changes_nothing_and_dropped_services_become_inactive(self, uow):
        services = bundled_catalogue()
        with uow.engine.begin() as conn:
            load_catalogue(conn, services)
            load_catalogue(conn, services[1:])
        with uow() as tx:
            codes = [s.code for s in handlers.list_services(tx)]
        assert len(codes) == len(services) - 1 and services[0].code not in codes
        with uow.engine.begin() as conn:
            load_catalogue(conn, services)
            assert conn.execute(text("SELECT count(*) FROM catalogue_services WHERE active")).scalar() == len(services)


class TestSubmitApplication:
    def test_an_application_is_stored_numbered_and_announced_with_its_app_11_deadline(self, uow):
        row = submit(uow, FOOD)
        assert row.application_number == "110-A-20260213-00001"
        assert row.state == "processing"
        # 7 working days from the day after 2026-02-13, skipping Lunar New Year (Feb 14-22): Mar 4 17:30.
        assert row.due == datetime(2026, 3, 4, 17, 30, tzinfo=TAIPEI)
        events = published(uow)
        assert [key for key, _ in events] == ["application_submitted", "deadline_set"]
        submitted, deadline = events[0][1]["data"], events[1][1]["data"]
        assert submitted["application_number"] == row.application_number
        assert deadline["rule"] == "APP-11" and deadline["subject"] == row.application_number
        assert deadline["agency_code"] == "DOH"

    def test_no_personal_data_goes_into_events(self, uow):
        submit(uow, FOOD)
        text_of_events = str(published(uow))
        for personal in ("王小明", "ming@example.com", "小明麵店"):
            assert personal not in text_of_events

    def test_a_payment_first_application_waits_for_payment_without_a_due(self, uow):
        row = submit(uow, TRANSCRIPT)
        assert (row.state, row.due, row.fee) == ("awaiting_payment", None, 10)
        assert [key for key, _ in published(uow)] == ["application_submitted"]

    def test_an_invalid_application_stores_and_announces_nothing(self, uow):
        with pytest.raises(InvalidInput, match="營業場所平面圖"):
            submit(uow, handlers.SubmitRequest(**{**FOOD.__dict__, "documents": ("申請書",)}))
        with uow() as tx:
            assert tx.session.execute(select(applications)).first() is None
        assert published(uow) == []

    def test_serials_count_per_agency_and_taipei_day(self, uow):
        numbers = [submit(uow, FOOD).application_number for _ in range(2)]
        numbers.append(submit(uow, TRANSCRIPT).application_number)
        numbers.append(submit(uow, FOOD, now=datetime(2026, 2, 13, 16, 30, tzinfo=UTC)).application_number)
        assert numbers == ["110-A-20260213-00001", "110-A-20260213-00002", "020-A-20260213-00001",
                           "110-A-20260214-00001"]  # 16:30Z is 00:30 the next day in Taipei

    def test_concurrent_submissions_never_share_a_number(self, uow):
        with ThreadPoolExecutor(8) as pool:
            numbers = list(pool.map(lambda _: submit(uow, FOOD).application_number, range(16)))
        assert len(set(numbers)) == 16
        assert sorted(numbers)[-1] == "110-A-20260213-00016"


class TestRecordPayment:
    def test_payment_starts_the_clock_from_the_day_after_it_arrives_app_11(self, uow):
        number = submit(uow, TRANSCRIPT).application_number
        paid_at = datetime(2026, 2, 23, 9, 0, tzinfo=TAIPEI)
        with uow() as tx:
            row = handlers.record_payment(tx, number, 10, calendar=CAL, now=paid_at)
            tx.commit()
        assert (row.state, row.amount_paid) == ("processing", 10)
        assert row.due == datetime(2026, 2, 24, 17, 30, tzinfo=TAIPEI)  # 1 working day after payment
        assert [key for key, _ in published(uow)] == ["application_submitted", "application_paid", "deadline_set"]

    def test_a_wrong_amount_a_second_payment_and_an_unknown_number_are_refused(self, uow):
        number = submit(uow, TRANSCRIPT).application_number
        with uow() as tx, pytest.raises(InvalidInput, match="NT\\$10"):
            handlers.record_payment(tx, number, 15, calendar=CAL)
        with uow() as tx:
            handlers.record_payment(tx, number, 10, calendar=CAL)
            tx.commit()
        with uow() as tx, pytest.raises(Conflict, match="already paid"):
            handlers.record_payment(tx, number, 10, calendar=CAL)
        with uow() as tx, pytest.raises(NotFound):
            handlers.record_payment(tx, "020-A-20260213-09999", 10, calendar=CAL)


class TestGetApplication:
    def test_the_applicant_finds_it_with_the_email_or_with_the_phone_when_applied_by_phone(self, uow):
        food, transcript = submit(uow, FOOD), submit(uow, TRANSCRIPT)
        with uow() as tx:
            assert handlers.get_application(tx, food.application_number, "MING@example.com").state == "processing"
            assert handlers.get_application(tx, transcript.application_number, "0912345678").fee == 10

    @pytest.mark.parametrize("number,contact", [
        ("110-A-20260213-00001", "someone@example.com"),
        ("110-A-20260213-00002", "ming@example.com"),
        ("not a number", "ming@example.com"),
    ])
    def test_a_wrong_number_or_contact_is_not_found_alike(self, uow, number, contact):
        submit(uow, FOOD)
        with uow() as tx, pytest.raises(NotFound, match="no application with this number and e-mail"):
            handlers.get_application(tx, number, contact)


class TestDecideApplication:
    """APP-10.3.2 / APP-10.3.3: the agency decides; the APP-11 deadline ends (deadline_met) in the same
    transaction, so the time-limit board (PET-14.3) stops counting it."""

    def decide(self, uow, number, outcome="approved", reason="", now=datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)):
        with uow() as tx:
            row = handlers.decide_application(tx, number, outcome=outcome, reason=reason, decided_by="clerk-7",
                                              now=now)
            tx.commit()
        return row

    def test_approval_ends_the_app_11_deadline_and_is_announced(self, uow):
        number = submit(uow, FOOD).application_number  # due 2026-03-04 17:30
        row = self.decide(uow, number)
        assert (row.state, row.decided_by) == ("approved", "clerk-7")
        assert row.decided_at == datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)
        events = published(uow)
        assert [key for key, _ in events] == ["application_submitted", "deadline_set", "application_decided",
                                              "deadline_met"]
        decided, met = events[2][1]["data"], events[3][1]["data"]
        assert decided["outcome"] == "approved" and decided["on_time"] is True
        assert (met["rule"], met["subject"], met["agency_code"]) == ("APP-11", number, "DOH")
        assert "王小明" not in str(events)

    def test_a_rejection_needs_a_reason_and_a_late_decision_is_marked_late(self, uow):
        number = submit(uow, FOOD).application_number
        with uow() as tx, pytest.raises(InvalidInput, match="reason"):
            handlers.decide_application(tx, number, outcome="rejected", reason=" ", decided_by="clerk-7")
        row = self.decide(uow, number, "rejected", "未於期限內補正營業場所平面圖",
                          now=datetime(2026, 3, 5, 9, 0, tzinfo=TAIPEI))
        assert (row.state, row.decision_reason) == ("rejected", "未於期限內補正營業場所平面圖")
        assert published(uow)[2][1]["data"].get("on_time", False) is False

    def test_only_an_application_being_processed_can_be_decided_once(self, uow):
        awaiting = submit(uow, TRANSCRIPT).application_number  # payment first: no clock yet
        with uow() as tx, pytest.raises(Conflict, match="awaiting_payment"):
            handlers.decide_application(tx, awaiting, outcome="approved", reason="", decided_by="clerk-7")
        number = submit(uow, FOOD).application_number
        self.decide(uow, number)
        with uow() as tx, pytest.raises(Conflict, match="already decided"):
            handlers.decide_application(tx, number, outcome="rejected", reason="x", decided_by="clerk-7")
        with uow() as tx, pytest.raises(NotFound):
            handlers.decide_application(tx, "110-A-20260213-09999", outcome="approved", reason="",
                                        decided_by="clerk-7")

    def test_two_clerks_deciding_at_once_give_one_decision(self, uow):
        number = submit(uow, FOOD).application_number

        def attempt(outcome):
            try:
                self.decide(uow, number, outcome, "理由")
                return outcome
            except Conflict:
                return None

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(attempt, ["approved", "rejected"]))
        assert sum(r is not None for r in results) == 1
        assert [key for key, _ in published(uow)].count("application_decided") == 1
