"""PET-10.1 survey opening, what an answer must be, and who counts as unsatisfied (PET-11.1)."""

from __future__ import annotations

import pytest

from civicase_platform.errors import Conflict, InvalidInput
from survey.domain.surveys import (
    MAX_COMMENT_CHARS,
    FinalReply,
    Satisfaction,
    SurveyState,
    check_answerable,
    survey_exemption,
    validate_answer,
)

CASE = "000-20260213-00001"


class TestSurveyExemption:
    def test_no_case_is_exempted_until_the_exemption_facts_arrive(self):
        """PET-10.1 (1)-(7) need facts case_replied does not carry yet: every final reply gets a survey."""
        assert survey_exemption(FinalReply(CASE, "379000000A")) is None


class TestValidateAnswer:
    def test_a_complete_answer_passes_with_its_comment_trimmed(self):
        answer = validate_answer(case_number=CASE, satisfaction=Satisfaction.SATISFIED, comment=" 謝謝 ")
        assert (answer.satisfaction, answer.comment) == (Satisfaction.SATISFIED, "謝謝")

    def test_comment_of_exactly_the_limit_passes(self):
        assert validate_answer(case_number=CASE, satisfaction=Satisfaction.NEUTRAL,
                               comment="字" * MAX_COMMENT_CHARS)

    def test_every_problem_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as raised:
            validate_answer(case_number="", satisfaction=None, comment="字" * (MAX_COMMENT_CHARS + 1))
        message = str(raised.value)
        assert "case_number is required" in message
        assert "satisfaction is required: one of VERY_SATISFIED" in message
        assert "comment has 2,001 characters; at most 2,000" in message


class TestUnsatisfied:
    """PET-11.1: UNSATISFIED and VERY_UNSATISFIED start the follow-up; the rest do not."""

    @pytest.mark.parametrize("satisfaction, unsatisfied", [
        (Satisfaction.VERY_SATISFIED, False), (Satisfaction.SATISFIED, False), (Satisfaction.NEUTRAL, False),
        (Satisfaction.UNSATISFIED, True), (Satisfaction.VERY_UNSATISFIED, True),
    ])
    def test_unsatisfied_answers(self, satisfaction, unsatisfied):
        assert satisfaction.unsatisfied is unsatisfied


class TestCheckAnswerable:
    def test_an_open_survey_can_be_answered(self):
        check_answerable(CASE, SurveyState.OPEN)

    def test_no_survey_yet_says_it_opens_with_the_final_reply(self):
        with pytest.raises(Conflict, match="no satisfaction survey yet \\(it opens with the final reply\\)"):
            check_answerable(CASE, None)

    def test_an_answered_survey_takes_no_second_answer(self):
        with pytest.raises(Conflict, match="already answered"):
            check_answerable(CASE, SurveyState.ANSWERED)
