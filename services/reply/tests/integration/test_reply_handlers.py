"""Reply's use cases on the real database: assignment (PET-7.4), replies (PET-7.3, PET-8), status."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from civicase_platform.errors import Conflict, NotFound
from civicase_platform.events import new_event
from reply import handlers
from reply.adapters.orm import deadlines, replies
from reply.domain.replies import CaseState, Level, validate_reply

TAIPEI = ZoneInfo("Asia/Taipei")
CASE = "000-20260213-00001"
AGENCY = "379000000A"
OTHER_AGENCY = "379050000A"
ASSIGNED = datetime(2026, 2, 13, 16, 0, tzinfo=TAIPEI)


def assignment(agency: str = AGENCY, case: str = CASE, at: datetime = ASSIGNED) -> handlers.Assignment:
    return handlers.Assignment(case_number=case, agency_code=agency, subcategory_code="traffic.signal",
                               received_at=datetime(2026, 2, 13, 9, 0, tzinfo=TAIPEI), assigned_at=at)


def assign(uow, agency: str = AGENCY, case: str = CASE, at: datetime = ASSIGNED) -> str:
    with uow() as tx:
        result = handlers.record_assignment(tx, assignment(agency, case, at))
        tx.commit()
    return result


def reply(uow, level: Level, *, content: str = "已派員檢修。", at: datetime | None = None, case: str = CASE):
    draft = validate_reply(case_number=case, content=content, level=level, handler="王承辦",
                           case_item="號誌故障", legality_question=False)
    with uow() as tx:
        status = handlers.record_reply(tx, draft, now=at or datetime(2026, 2, 24, 10, 0, tzinfo=TAIPEI))
        tx.commit()
    return status


def events_of(outbox_events, event_type: str) -> list[dict]:
    return [e for e in outbox_events() if e["type"] == event_type]


class TestRecordAssignment:
    """PET-7.4: an assigned case gets its 6-working-day deadline and announces it."""

    def test_first_assignment_opens_pet_7_4_and_publishes_deadline_set(self, uow, outbox_events):
        assert assign(uow) == "opened"
        with uow() as tx:
            status = handlers.get_status(tx, CASE)
        assert status.state is CaseState.AWAITING_REPLY
        assert status.deadline_rule == "PET-7.4"
        assert status.reply_due == datetime(2026, 3, 3, 17, 30, tzinfo=TAIPEI)
        [event] = events_of(outbox_events, "deadline_set")
        assert event["subject"] == CASE
        assert event["data"]["rule"] == "PET-7.4"
        assert event["data"]["agency_code"] == AGENCY
        assert event["data"]["due"] == "2026-03-03T09:30:00Z"

    def test_reassignment_moves_the_case_and_keeps_the_original_deadline(self, uow, outbox_events):
        assign(uow)
        assert assign(uow, OTHER_AGENCY, at=datetime(2026, 2, 25, 9, 0, tzinfo=TAIPEI)) == "moved"
        with uow() as tx:
            status = handlers.get_status(tx, CASE)
        assert status.agency_code == OTHER_AGENCY
        assert status.reply_due == datetime(2026, 3, 3, 17, 30, tzinfo=TAIPEI)
        assert status.assigned_at == ASSIGNED
        announced = events_of(outbox_events, "deadline_set")
        assert [e["data"]["agency_code"] for e in announced] == [AGENCY, OTHER_AGENCY]
        assert {e["data"]["due"] for e in announced} == {"2026-03-03T09:30:00Z"}

    def test_assignment_to_the_same_agency_again_changes_nothing(self, uow, outbox_events):
        assign(uow)
        assert assign(uow) == "unchanged"
        assert len(events_of(outbox_events, "deadline_set")) == 1

    def test_the_same_event_delivered_twice_opens_one_deadline(self, uow, outbox_events):
        from civicase.routing.v1 import events_pb2

        event = new_event("routing", "case_assigned", CASE, events_pb2.CaseAssigned(case_number=CASE))
        for _ in range(2):  # as nameko_support.consumes does: claim and effect in one transaction
            with uow() as tx:
                if tx.claim("reply.handle_case_assigned", event):
                    handlers.record_assignment(tx, assignment())
                tx.commit()
        assert len(events_of(outbox_events, "deadline_set")) == 1


class TestRecordReply:
    """PET-7.3 / PET-8: replies are stored, meet the open deadline and move the case."""

    def test_level_a_meets_pet_7_4_closes_the_case_and_publishes_case_replied(self, uow, outbox_events):
        assign(uow)
        status = reply(uow, Level.A)
        assert status.state is CaseState.CLOSED
        assert status.deadline_rule == "" and status.reply_due is None
        assert [(r.level, r.handler, r.case_item) for r in status.replies] == [(Level.A, "王承辦", "號誌故障")]
        [met] = events_of(outbox_events, "deadline_met")
        assert met["data"]["rule"] == "PET-7.4"
        assert met["data"]["met_at"] == "2026-02-24T02:00:00Z"
        assert met["data"]["due"] == "2026-03-03T09:30:00Z"
        [replied] = events_of(outbox_events, "case_replied")
        assert replied["data"] == {"case_number": CASE, "agency_code": AGENCY, "level": "LEVEL_A",
                                   "replied_at": "2026-02-24T02:00:00Z"}

    def test_case_replied_carries_no_reply_text(self, uow, outbox_events):
        assign(uow)
        reply(uow, Level.A, content="秘密內容")
        assert "秘密內容" not in str(outbox_events())

    def test_level_b_opens_pet_7_4_b_from_the_assignment_then_level_a_closes(self, uow, outbox_events):
        assign(uow)
        status = reply(uow, Level.B, content="預計3月10日施工。")
        assert status.state is CaseState.LEVEL_B_IN_PROGRESS
        assert status.deadline_rule == "PET-7.4-B"
        assert status.reply_due == datetime(2026, 3, 16, 23, 59, 59, tzinfo=TAIPEI)
        status = reply(uow, Level.A, content="已完成施工。", at=datetime(2026, 3, 11, 9, 0, tzinfo=TAIPEI))
        assert status.state is CaseState.CLOSED
        assert [r.level for r in status.replies] == [Level.B, Level.A]
        assert [e["data"]["rule"] for e in events_of(outbox_events, "deadline_set")] == ["PET-7.4", "PET-7.4-B"]
        assert [e["data"]["rule"] for e in events_of(outbox_events, "deadline_met")] == ["PET-7.4", "PET-7.4-B"]
        assert [e["data"]["level"] for e in events_of(outbox_events, "case_replied")] == ["LEVEL_B", "LEVEL_A"]

    def test_a_late_reply_still_meets_the_deadline_with_its_due_for_time_limit_control(self, uow, outbox_events):
        assign(uow)
        reply(uow, Level.A, at=datetime(2026, 3, 5, 9, 0, tzinfo=TAIPEI))
        [met] = events_of(outbox_events, "deadline_met")
        assert met["data"]["met_at"] > met["data"]["due"]

    def test_a_second_level_b_is_refused_and_nothing_is_stored(self, uow, outbox_events):
        assign(uow)
        reply(uow, Level.B)
        before = len(outbox_events())
        with pytest.raises(Conflict, match="already has a level-B reply"):
            reply(uow, Level.B)
        assert len(outbox_events()) == before
        with uow() as tx:
            assert tx.session.execute(select(func.count()).select_from(replies)).scalar_one() == 1

    def test_a_closed_case_refuses_further_replies(self, uow):
        assign(uow)
        reply(uow, Level.A)
        with pytest.raises(Conflict, match=f"case {CASE} is closed; "):
            reply(uow, Level.A)

    def test_an_unknown_case_is_not_found(self, uow):
        with pytest.raises(NotFound, match="no assigned case"):
            reply(uow, Level.A)

    def test_reassigned_case_replies_under_the_new_agency(self, uow, outbox_events):
        assign(uow)
        assign(uow, OTHER_AGENCY)
        reply(uow, Level.A)
        [replied] = events_of(outbox_events, "case_replied")
        assert replied["data"]["agency_code"] == OTHER_AGENCY
        with uow() as tx:
            met = tx.session.execute(select(deadlines.c.met_at)).scalar_one()
        assert met == datetime(2026, 2, 24, 2, 0, tzinfo=UTC)


class TestGetStatus:
    def test_unknown_case_is_not_found(self, uow):
        with uow() as tx, pytest.raises(NotFound, match="no assigned case"):
            handlers.get_status(tx, "000-20260101-00009")
