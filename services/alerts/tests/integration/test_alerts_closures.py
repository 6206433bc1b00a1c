"""Calendar (closures) in alerts, on the real database: declaring a closure day (stored once, announced as
closure_declared, refused when too old or a duplicate) and moving alerts' own open WARN-3.1 form deadlines
whose window contains the day; the board's horizon counts with the closures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from alerts import board, closures, handlers, staff, warnings
from alerts.adapters.orm import analysis_forms, closure_days, deadlines, outbox
from alerts.domain.closures import validate_declaration
from alerts.domain.early_warning import TAIPEI
from civicase.common.v1 import deadlines_pb2
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.closures import read_calendar
from civicase_platform.errors import AlreadyExists, InvalidInput
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

W = date(2026, 3, 2)
NOW = datetime(2026, 3, 9, 9, 0, tzinfo=TAIPEI)  # Monday: a warning raised now has its form due Thu 03-12 17:30
FORM_DUE = datetime(2026, 3, 12, 17, 30, tzinfo=TAIPEI)


def declare(uow, day: str, scope: str = ""):
    declaration = validate_declaration(day=day, scope=scope, reason="颱風停班", staff_subject="city-admin",
                                       today=NOW.date())
    with uow() as tx:
        result = closures.declare_closure(tx, declaration, now=NOW)
        tx.commit()
    return result


def events(uow, routing_key: str) -> list[dict]:
    with uow() as tx:
        return [r.envelope for r in tx.session.execute(
            select(outbox).where(outbox.c.routing_key == routing_key).order_by(outbox.c.seq))]


@pytest.fixture
def form_id(uow):
    """One warning raised at NOW (baseline 1,1,1,1 then 9 cases) with its WARN-3.1 analysis form."""
    serial = 0
    with uow() as tx:
        for weeks_back, how_many in [(4, 1), (3, 1), (2, 1), (1, 1), (0, 9)]:
            received = datetime(2026, 3, 4, 12, tzinfo=TAIPEI) - timedelta(weeks=weeks_back)
            for _ in range(how_many):
                serial += 1
                number = f"000-C-{serial:07d}"
                handlers.record_case_assigned(tx, new_event("routing", "case_assigned", number,
                                                            routing_events_pb2.CaseAssigned(
                    case_number=number, agency_code="PPLO", subcategory_code="FORM",
                    received_at=to_timestamp(received), assigned_at=to_timestamp(received))))
        tx.commit()
    with uow() as tx:
        staff.add_staff(tx, staff.StaffChangeRequest("PPLO", "lin", "Lin", "lin@pplo.gov.tw", "rdec_staff", "admin"))
        warnings.evaluate_week(tx, W, now=NOW, calendar=read_calendar(tx, closure_days), evaluated_by="test")
        tx.commit()
    with uow() as tx:
        return tx.session.execute(select(analysis_forms.c.id)).scalar_one()


def form_and_board_due(uow, form_id: int) -> tuple[datetime, datetime]:
    with uow() as tx:
        form_due = tx.session.execute(select(analysis_forms.c.due).where(analysis_forms.c.id == form_id)).scalar_one()
        board_due = tx.session.execute(select(deadlines.c.due).where(
            deadlines.c.rule == "WARN-3.1", deadlines.c.subject == f"AF-{form_id}")).scalar_one()
    return form_due, board_due


class TestDeclare:
    def test_a_declared_day_is_stored_listed_and_announced_once(self, uow):
        """Calendar (closures): DeclareClosure stores the day and writes closure_declared to the outbox."""
        result = declare(uow, "2026-03-11")
        assert (result.closure.day, result.closure.scope, result.closure.applies_citywide) == \
            (date(2026, 3, 11), "city", True)
        [event] = events(uow, "closure_declared")
        assert event["subject"] == "2026-03-11"
        assert event["data"]["day"] == "2026-03-11" and event["data"]["scope"] == "city"
        assert event["data"]["declared_by"] == "city-admin"
        with uow() as tx:
            assert [c.day for c in closures.list_closures(tx)] == [date(2026, 3, 11)]

    def test_the_same_day_and_scope_twice_is_already_exists_and_changes_nothing(self, uow):
        """Calendar (closures): a duplicate declaration is refused (ALREADY_EXISTS), nothing announced."""
        declare(uow, "2026-03-11")
        with pytest.raises(AlreadyExists, match="already declared"):
            declare(uow, "2026-03-11")
        declare(uow, "2026-03-11", scope="中正區")  # another scope is another declaration
        assert len(events(uow, "closure_declared")) == 2

    @pytest.mark.parametrize("day, message", [
        ("2026-03-01", "more than 7 days in the past"),
        ("2026/03/11", "YYYY-MM-DD"),
        ("2026-02-30", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
    ])
    def test_a_bad_or_too_old_day_is_invalid_input(self, uow, day, message):
        """Calendar (closures): a day more than 7 days before today (Taipei) or not a date is refused."""
        with pytest.raises(InvalidInput, match=message):
            declare(uow, day)
        assert events(uow, "closure_declared") == []

    def test_seven_days_back_is_still_accepted(self, uow):
        """Calendar (closures): a closure may be recorded up to 7 days after the day."""
        assert declare(uow, "2026-03-02").closure.day == date(2026, 3, 2)

    def test_who_declares_is_required(self, uow):
        with pytest.raises(InvalidInput, match="staff_subject"):
            validate_declaration(day="2026-03-11", scope="", reason="", staff_subject=" ", today=NOW.date())


class TestAnalysisFormDeadline:
    def test_a_closure_inside_the_window_moves_the_warn_3_1_form_and_its_board_row(self, uow, form_id):
        """Calendar (closures), WARN-3.1: Wed 03-11 closed → form due Fri 03-13 17:30, deadline_set again."""
        assert form_and_board_due(uow, form_id) == (FORM_DUE, FORM_DUE)
        assert declare(uow, "2026-03-11").moved_deadlines == 1
        moved = datetime(2026, 3, 13, 17, 30, tzinfo=TAIPEI)
        assert form_and_board_due(uow, form_id) == (moved, moved)
        first, again = [e["data"] for e in events(uow, "deadline_set")]
        assert (again["rule"], again["subject"], again["due"]) == ("WARN-3.1", f"AF-{form_id}",
                                                                   "2026-03-13T09:30:00Z")
        assert again["opened_at"] == first["opened_at"]

    def test_a_closure_on_a_saturday_after_the_due_or_in_a_district_moves_nothing(self, uow, form_id):
        """Calendar (closures): a day already off, after the due, or a district closure changes nothing."""
        for day, scope in [("2026-03-14", ""), ("2026-03-13", ""), ("2026-03-11", "中正區")]:
            assert declare(uow, day, scope).moved_deadlines == 0
        assert form_and_board_due(uow, form_id) == (FORM_DUE, FORM_DUE)
        assert len(events(uow, "deadline_set")) == 1


def test_the_boards_horizon_skips_closure_days_pet_14_3(uow):
    """Calendar (closures), PET-14.3: "due within 1 working day" on Mon 03-09 reaches Wed 03-11 when Tue
    03-10 is closed, so a deadline due Wed shows as upcoming."""
    with uow() as tx:
        handlers.record_deadline_set(tx, new_event("reply", "deadline_set", "000-X", deadlines_pb2.DeadlineSet(
            rule="PET-7.4", subject="000-X", agency_code="PPLO",
            due=to_timestamp(datetime(2026, 3, 11, 17, 30, tzinfo=TAIPEI)), opened_at=to_timestamp(NOW))),
            source="reply")
        tx.commit()

    def upcoming(calendar: OfficeCalendar) -> list[str]:
        with uow() as tx:
            data = board.deadline_board(tx, agency_code="PPLO", within_working_days=1, now=NOW.astimezone(UTC),
                                        calendar=calendar)
        return [r.subject for r in data.upcoming]

    assert upcoming(OfficeCalendar()) == []
    declare(uow, "2026-03-10")
    with uow() as tx:
        calendar = read_calendar(tx, closure_days)
    assert upcoming(calendar) == ["000-X"]


def test_a_form_opened_without_a_recent_closure_is_moved_by_the_recheck(uow, form_id):
    """Calendar (closures), WARN-3.1: a form counted with a calendar from before the declaration (a concurrent
    evaluation, another instance's cache) is moved by the periodic re-check, once."""
    with uow() as tx:  # recorded as another instance would, without moving anything
        tx.session.execute(closure_days.insert().values(day=date(2026, 3, 11), scope="city", reason="",
                                                        declared_by="x", declared_at=NOW))
        tx.commit()
    for _ in range(2):
        with uow() as tx:
            closures.recheck_recent_closures(tx)
            tx.commit()
    moved = datetime(2026, 3, 13, 17, 30, tzinfo=TAIPEI)
    assert form_and_board_due(uow, form_id) == (moved, moved)
    assert len(events(uow, "deadline_set")) == 2
