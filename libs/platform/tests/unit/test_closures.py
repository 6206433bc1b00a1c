"""Calendar (closures): the pure parts of civicase_platform.closures — which deadlines a closed day can move,
and alerts' closure_declared message as a Closure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from civicase.alerts.v1 import events_pb2
from civicase_platform.calendar import TAIPEI, OfficeCalendar, deadline
from civicase_platform.closures import CITY, closure_from_event, start_of_day, window_contains
from civicase_platform.errors import InvalidInput
from civicase_platform.grpc_support import to_timestamp

START = datetime(2026, 7, 20, 10, 0, tzinfo=TAIPEI)  # Monday
DUE = datetime(2026, 7, 28, 17, 30, tzinfo=TAIPEI)   # PET-7.4: working day 6


class TestWindowContains:
    @pytest.mark.parametrize("day, inside", [
        (date(2026, 7, 19), False),  # before the start
        (date(2026, 7, 20), False),  # the start's own day never counts
        (date(2026, 7, 21), True),
        (date(2026, 7, 28), True),   # the due's own day
        (date(2026, 7, 29), False),  # after the due
    ])
    def test_only_days_after_the_start_up_to_the_due_can_move_a_deadline(self, day, inside):
        assert window_contains(START, DUE, day) is inside

    def test_dates_are_taipei_dates_whatever_the_instants_zone(self):
        """Sunday 2026-07-19 17:00 UTC is Monday 07-20 01:00 in Taipei: Monday is the start's own day."""
        start = datetime(2026, 7, 19, 17, 0, tzinfo=UTC)
        assert not window_contains(start, DUE.astimezone(UTC), date(2026, 7, 20))
        assert window_contains(start, DUE.astimezone(UTC), date(2026, 7, 21))

    def test_every_closure_that_moves_a_pet_7_4_due_is_inside_its_window(self):
        """Calendar (closures): recounting with a day outside the window never changes the due — so skipping
        those deadlines loses nothing."""
        base = deadline("PET-7.4", START)
        for ordinal in range(date(2026, 7, 1).toordinal(), date(2026, 8, 31).toordinal()):
            day = date.fromordinal(ordinal)
            moved = deadline("PET-7.4", START, calendar=OfficeCalendar([day])) != base
            if moved:
                assert window_contains(START, base, day), day
            if window_contains(START, base, day):
                assert moved == OfficeCalendar().is_working_day(day), day

    def test_start_of_day_is_taipei_midnight(self):
        assert start_of_day(date(2026, 7, 22)) == datetime(2026, 7, 21, 16, 0, tzinfo=UTC)


class TestClosureFromEvent:
    def test_the_message_becomes_a_closure_and_an_empty_scope_means_the_whole_city(self):
        at = datetime(2026, 7, 21, 20, 0, tzinfo=TAIPEI)
        closure = closure_from_event(events_pb2.ClosureDeclared(day="2026-07-22", reason="颱風停班",
                                                                declared_by="admin", declared_at=to_timestamp(at)))
        assert (closure.day, closure.scope, closure.reason, closure.declared_by) == \
            (date(2026, 7, 22), CITY, "颱風停班", "admin")
        assert closure.declared_at == at and closure.applies_citywide

    def test_a_district_closure_does_not_apply_citywide(self):
        closure = closure_from_event(events_pb2.ClosureDeclared(day="2026-07-22", scope="中正區"))
        assert closure.scope == "中正區" and not closure.applies_citywide

    def test_a_message_without_a_valid_day_is_refused(self):
        with pytest.raises(InvalidInput, match="no valid day"):
            closure_from_event(events_pb2.ClosureDeclared(day="22/07/2026"))
