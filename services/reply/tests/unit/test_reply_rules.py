"""PET-7.3 reply contents and the PET-7.4 / PET-8 effect of a reply on its case."""

from __future__ import annotations

import pytest

from civicase_platform.errors import Conflict, InvalidInput
from reply.domain.replies import (
    MAX_CONTENT_CHARS,
    CaseState,
    Level,
    decide_reassignment,
    decide_reply,
    validate_reply,
)

CASE = "000-20260213-00001"


class TestValidateReply:
    """PET-7.3: content (≤ 20,000 characters) and level A/B are required; handler is optional."""

    def test_a_complete_reply_passes_with_its_fields_trimmed(self):
        draft = validate_reply(case_number=f" {CASE} ", content="已派員處理。", level=Level.A,
                               handler=" 王承辦 ", case_item="路燈", legality_question=True)
        assert draft.case_number == CASE
        assert draft.handler == "王承辦"
        assert draft.case_item == "路燈"
        assert draft.legality_question is True

    def test_handler_is_optional(self):
        assert validate_reply(case_number=CASE, content="x", level=Level.B).handler == ""

    def test_content_of_exactly_the_limit_passes(self):
        assert validate_reply(case_number=CASE, content="字" * MAX_CONTENT_CHARS, level=Level.A)

    def test_content_over_the_limit_is_refused_with_its_length(self):
        with pytest.raises(InvalidInput, match="20,001 characters; at most 20,000"):
            validate_reply(case_number=CASE, content="字" * (MAX_CONTENT_CHARS + 1), level=Level.A)

    def test_every_problem_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as raised:
            validate_reply(case_number="", content="   ", level=None)
        message = str(raised.value)
        assert "case_number is required" in message
        assert "content is required" in message
        assert "level is required: LEVEL_A" in message


class TestDecideReply:
    """PET-7.4 / PET-8.1 / PET-8.2: which deadline a reply meets and opens, and the state after."""

    def test_level_a_first_reply_meets_pet_7_4_and_closes(self):
        outcome = decide_reply(CASE, CaseState.AWAITING_REPLY, Level.A)
        assert (outcome.meets, outcome.opens, outcome.state_after) == ("PET-7.4", None, CaseState.CLOSED)

    def test_level_b_first_reply_meets_pet_7_4_and_opens_pet_7_4_b(self):
        outcome = decide_reply(CASE, CaseState.AWAITING_REPLY, Level.B)
        assert (outcome.meets, outcome.opens, outcome.state_after) == (
            "PET-7.4", "PET-7.4-B", CaseState.LEVEL_B_IN_PROGRESS)

    def test_level_a_after_level_b_meets_pet_7_4_b_and_closes(self):
        outcome = decide_reply(CASE, CaseState.LEVEL_B_IN_PROGRESS, Level.A)
        assert (outcome.meets, outcome.opens, outcome.state_after) == ("PET-7.4-B", None, CaseState.CLOSED)

    def test_a_second_level_b_reply_is_refused(self):
        with pytest.raises(Conflict, match="already has a level-B reply"):
            decide_reply(CASE, CaseState.LEVEL_B_IN_PROGRESS, Level.B)

    @pytest.mark.parametrize("level", list(Level))
    def test_a_closed_case_takes_no_reply(self, level):
        with pytest.raises(Conflict, match=f"case {CASE} is closed; "):
            decide_reply(CASE, CaseState.CLOSED, level)


class TestDecideReassignment:
    """A later case_assigned moves an open case to another agency (deadlines unchanged)."""

    @pytest.mark.parametrize("state", [CaseState.AWAITING_REPLY, CaseState.LEVEL_B_IN_PROGRESS])
    def test_an_open_case_moves_to_another_agency(self, state):
        assert decide_reassignment(state, "379000000A", "379050000A") is True

    def test_the_same_agency_again_changes_nothing(self):
        assert decide_reassignment(CaseState.AWAITING_REPLY, "379000000A", "379000000A") is False

    def test_a_closed_case_stays_with_the_agency_that_closed_it(self):
        assert decide_reassignment(CaseState.CLOSED, "379000000A", "379050000A") is False
