"""Integration tests of the weekly volume read model and the deadlines board seed on real PostgreSQL
(WARN-1 data, WARN-2 dashboard, time-limit control)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alerts import handlers
from civicase.common.v1 import deadlines_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

MONDAY = date(2026, 3, 2)


def assigned(case_number, subcategory, *, received_at, assigned_at=None, agency="TPD"):
    return new_event("routing", "case_assigned", case_number, routing_events_pb2.CaseAssigned(
        case_number=case_number, agency_code=agency, subcategory_code=subcategory,
        received_at=to_timestamp(received_at), assigned_at=to_timestamp(assigned_at or received_at),
    ))


def apply(uow, fn, *args, **kwargs):
    with uow() as tx:
        result = fn(tx, *args, **kwargs)
        tx.commit()
    return result


def counts(uow, week=MONDAY, subcategory=""):
    with uow() as tx:
        return {c.subcategory_code: c.count for c in handlers.weekly_counts(tx, week, subcategory)}


class TestRecordCaseAssigned:
    def test_cases_count_per_subcategory_in_their_taipei_receipt_week_warn_1(self, uow):
        monday_0030_taipei = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
        sunday_2330_taipei = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
        apply(uow, handlers.record_case_assigned, assigned("A-1", "ILLEGAL_PARKING", received_at=monday_0030_taipei))
        apply(uow, handlers.record_case_assigned, assigned("A-2", "ILLEGAL_PARKING", received_at=monday_0030_taipei))
        apply(uow, handlers.record_case_assigned, assigned("A-3", "LITTER", received_at=monday_0030_taipei))
        apply(uow, handlers.record_case_assigned, assigned("A-4", "LITTER", received_at=sunday_2330_taipei))
        assert counts(uow) == {"ILLEGAL_PARKING": 2, "LITTER": 1}
        assert counts(uow, MONDAY - timedelta(weeks=1)) == {"LITTER": 1}
        assert counts(uow, subcategory="LITTER") == {"LITTER": 1}

    def test_a_reassigned_case_moves_to_its_new_subcategory_and_counts_once(self, uow):
        received = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
        apply(uow, handlers.record_case_assigned, assigned("B-1", "NOISE_BUSINESS", received_at=received))
        apply(uow, handlers.record_case_assigned, assigned(
            "B-1", "NOISE_RESIDENTIAL", agency="TCPD", received_at=received,
            assigned_at=received + timedelta(hours=3)))
        assert counts(uow) == {"NOISE_RESIDENTIAL": 1}

    def test_an_older_assignment_delivered_late_does_not_undo_a_reassignment(self, uow):
        received = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
        first = assigned("C-1", "NOISE_BUSINESS", received_at=received)
        second = assigned("C-1", "NOISE_RESIDENTIAL", received_at=received, assigned_at=received + timedelta(hours=1))
        apply(uow, handlers.record_case_assigned, second)
        apply(uow, handlers.record_case_assigned, first)
        assert counts(uow) == {"NOISE_RESIDENTIAL": 1}

    def test_the_drill_down_lists_case_numbers_in_order_of_receipt_warn_2(self, uow):
        base = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
        for i, number in enumerate(["D-3", "D-1", "D-2"]):
            apply(uow, handlers.record_case_assigned,
                  assigned(number, "STREET_LIGHT", received_at=base + timedelta(minutes=i)))
        with uow() as tx:
            assert handlers.week_case_numbers(tx, MONDAY, "STREET_LIGHT") == ["D-3", "D-1", "D-2"]
            assert handlers.week_case_numbers(tx, MONDAY, "PARK") == []

    def test_an_assignment_without_receipt_time_is_refused(self, uow):
        event = new_event("routing", "case_assigned", "E-1", routing_events_pb2.CaseAssigned(
            case_number="E-1", subcategory_code="PARK"))
        try:
            apply(uow, handlers.record_case_assigned, event)
        except handlers.UnusableEvent:
            pass
        else:
            raise AssertionError("expected UnusableEvent")
        assert counts(uow) == {}


class TestInboxIdempotency:
    def test_the_same_event_claimed_twice_has_one_effect(self, uow):
        event = assigned("F-1", "PARK", received_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC))
        for _ in range(2):
            with uow() as tx:
                if tx.claim("alerts.handle_case_assigned", event):
                    handlers.record_case_assigned(tx, event)
                tx.commit()
        assert counts(uow) == {"PARK": 1}


def deadline_set(subject, due, opened_at, rule="PET-7.4"):
    return new_event("reply", "deadline_set", subject, deadlines_pb2.DeadlineSet(
        rule=rule, subject=subject, agency_code="TPD", due=to_timestamp(due), opened_at=to_timestamp(opened_at)))


def deadline_met(subject, met_at, due, rule="PET-7.4"):
    return new_event("reply", "deadline_met", subject, deadlines_pb2.DeadlineMet(
        rule=rule, subject=subject, agency_code="TPD", met_at=to_timestamp(met_at), due=to_timestamp(due)))


class TestDeadlines:
    OPENED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    DUE = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)

    def row(self, uow, subject):
        with uow() as tx:
            return handlers.get_deadline(tx, "PET-7.4", subject)

    def test_a_deadline_opens_then_is_met(self, uow):
        apply(uow, handlers.record_deadline_set, deadline_set("G-1", self.DUE, self.OPENED), source="reply")
        row = self.row(uow, "G-1")
        assert (row.due, row.opened_at, row.met_at, row.agency_code) == (self.DUE, self.OPENED, None, "TPD")
        met = self.OPENED + timedelta(days=2)
        apply(uow, handlers.record_deadline_met, deadline_met("G-1", met, self.DUE), source="reply")
        assert self.row(uow, "G-1").met_at == met

    def test_a_met_arriving_before_its_set_stays_met(self, uow):
        met = self.OPENED + timedelta(days=1)
        apply(uow, handlers.record_deadline_met, deadline_met("G-2", met, self.DUE), source="reply")
        apply(uow, handlers.record_deadline_set, deadline_set("G-2", self.DUE, self.OPENED), source="reply")
        row = self.row(uow, "G-2")
        assert (row.opened_at, row.met_at, row.due) == (self.OPENED, met, self.DUE)

    def test_reopening_a_met_deadline_clears_it(self, uow):
        apply(uow, handlers.record_deadline_set, deadline_set("G-3", self.DUE, self.OPENED), source="reply")
        apply(uow, handlers.record_deadline_met, deadline_met("G-3", self.OPENED + timedelta(days=1), self.DUE),
              source="reply")
        reopened, new_due = self.OPENED + timedelta(days=3), self.DUE + timedelta(days=5)
        apply(uow, handlers.record_deadline_set, deadline_set("G-3", new_due, reopened), source="reply")
        row = self.row(uow, "G-3")
        assert (row.opened_at, row.met_at, row.due) == (reopened, None, new_due)
