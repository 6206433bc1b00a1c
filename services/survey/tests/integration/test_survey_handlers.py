"""Survey's use cases on the real database: opening on the final reply (PET-10.1), answering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from civicase.reply.v1 import events_pb2 as reply_events_pb2
from civicase.reply.v1 import reply_api_pb2
from civicase_platform.errors import Conflict, NotFound
from civicase_platform.events import new_event
from survey import handlers
from survey.domain.surveys import FinalReply, Satisfaction, SurveyState, validate_answer

CASE = "000-20260213-00001"
AGENCY = "379000000A"
OPENED = datetime(2026, 2, 24, 2, 0, tzinfo=UTC)


def open_survey(uow) -> str:
    with uow() as tx:
        result = handlers.open_survey(tx, FinalReply(CASE, AGENCY), replied_at=OPENED, now=OPENED)
        tx.commit()
    return result


def answer(uow, satisfaction: Satisfaction, comment: str = "謝謝"):
    with uow() as tx:
        view = handlers.answer_survey(
            tx, validate_answer(case_number=CASE, satisfaction=satisfaction, comment=comment),
            now=datetime(2026, 2, 25, 1, 0, tzinfo=UTC))
        tx.commit()
    return view


class TestOpenSurvey:
    """PET-10.1: the final reply opens one survey per case."""

    def test_final_reply_opens_a_survey(self, uow):
        assert open_survey(uow) == "opened"
        with uow() as tx:
            view = handlers.get_survey(tx, CASE)
        assert (view.state, view.agency_code, view.opened_at) == (SurveyState.OPEN, AGENCY, OPENED)
        assert view.satisfaction is None

    def test_a_second_final_reply_event_keeps_the_one_survey(self, uow):
        open_survey(uow)
        assert open_survey(uow) == "exists"

    def test_the_same_case_replied_delivered_twice_opens_one_survey(self, uow):
        event = new_event("reply", "case_replied", CASE, reply_events_pb2.CaseReplied(
            case_number=CASE, agency_code=AGENCY, level=reply_api_pb2.LEVEL_A))
        results = []
        for _ in range(2):  # as nameko_support.consumes does: claim and effect in one transaction
            with uow() as tx:
                if tx.claim("survey.handle_case_replied", event):
                    results.append(handlers.open_survey(tx, FinalReply(CASE, AGENCY)))
                tx.commit()
        assert results == ["opened"]


class TestAnswerSurvey:
    def test_an_answer_is_stored_and_announced_without_the_comment(self, uow, outbox_events):
        open_survey(uow)
        view = answer(uow, Satisfaction.SATISFIED, comment="處理迅速，謝謝")
        assert (view.state, view.satisfaction, view.comment) == (
            SurveyState.ANSWERED, Satisfaction.SATISFIED, "處理迅速，謝謝")
        [event] = outbox_events()
        assert event["type"] == "survey_answered"
        assert event["data"] == {"case_number": CASE, "agency_code": AGENCY,
                                 "satisfaction": "SATISFACTION_SATISFIED",
                                 "answered_at": "2026-02-25T01:00:00Z"}
        assert "處理迅速" not in str(event)

    @pytest.mark.parametrize("satisfaction", [Satisfaction.UNSATISFIED, Satisfaction.VERY_UNSATISFIED])
    def test_an_unsatisfied_answer_is_flagged_for_pet_11(self, uow, outbox_events, satisfaction):
        open_survey(uow)
        answer(uow, satisfaction)
        [event] = outbox_events()
        assert event["data"]["unsatisfied"] is True

    def test_a_second_answer_is_refused_and_the_first_kept(self, uow, outbox_events):
        open_survey(uow)
        answer(uow, Satisfaction.SATISFIED)
        with pytest.raises(Conflict, match="already answered"):
            answer(uow, Satisfaction.VERY_UNSATISFIED)
        with uow() as tx:
            assert handlers.get_survey(tx, CASE).satisfaction is Satisfaction.SATISFIED
        assert len(outbox_events()) == 1

    def test_no_survey_yet_is_a_failed_precondition(self, uow, outbox_events):
        with pytest.raises(Conflict, match="no satisfaction survey yet"):
            answer(uow, Satisfaction.SATISFIED)
        assert outbox_events() == []


class TestGetSurvey:
    def test_no_survey_is_not_found(self, uow):
        with uow() as tx, pytest.raises(NotFound, match="no satisfaction survey"):
            handlers.get_survey(tx, CASE)
