"""Satisfaction surveys: when a reply opens one (PET-10.1) and what an answer must be.

A survey is ``open`` from the final (level-A) reply until the petitioner answers it once; then it is
``answered``. An answer of UNSATISFIED or VERY_UNSATISFIED starts the PET-11 follow-up (evaluation,
return for further handling), which comes later.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicase_platform.errors import Conflict, InvalidInput

MAX_COMMENT_CHARS = 2_000


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    UNSATISFIED = "unsatisfied"
    VERY_UNSATISFIED = "very_unsatisfied"

    @property
    def unsatisfied(self) -> bool:
        """PET-11.1: the answers that start the unsatisfied follow-up."""
        return self in (Satisfaction.UNSATISFIED, Satisfaction.VERY_UNSATISFIED)


class SurveyState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


@dataclass(frozen=True)
class FinalReply:
    """What survey knows of a reply that closed a case (reply's ``case_replied``, level A)."""

    case_number: str
    agency_code: str


def survey_exemption(reply: FinalReply) -> str | None:
    """The PET-10.1 exemption that spares this case its survey, or None (a survey is attached).

    PET-10.1 exempts a closed case when it is:
      (1) a repeated petition with no new reason;
      (2) a case the agency has no jurisdiction over and only transferred;
      (3) a matter whose administrative disposition, judicial or administrative-appeal procedure is
          under way or finished, petitioned again;
      (4) a petition where the petitioner is not the party concerned with the matter;
      (5) a suggestion about the city's internal administration;
      (6) insults or abuse of agencies or officials;
      (7) not a petition.
    PET-10.2: cases that came through IRS always carry a survey, whatever the above.

    The facts needed (the reply's category, the case's channel) are not carried by ``case_replied``
    yet, so no case is exempted for now.
    """
    return None


@dataclass(frozen=True)
class Answer:
    case_number: str
    satisfaction: Satisfaction
    comment: str


def validate_answer(*, case_number: str, satisfaction: Satisfaction | None, comment: str = "") -> Answer:
    """The answer, or InvalidInput listing every problem at once."""
    problems: list[str] = []
    case_number = (case_number or "").strip()
    comment = (comment or "").strip()
    if not case_number:
        problems.append("case_number is required")
    if satisfaction is None:
        problems.append(
            "satisfaction is required: one of VERY_SATISFIED, SATISFIED, NEUTRAL, UNSATISFIED, VERY_UNSATISFIED"
        )
    if len(comment) > MAX_COMMENT_CHARS:
        problems.append(f"comment has {len(comment):,} characters; at most {MAX_COMMENT_CHARS:,} are allowed")
    if problems:
        raise InvalidInput("the answer was not recorded: " + "; ".join(problems))
    assert satisfaction is not None
    return Answer(case_number, satisfaction, comment)


def check_answerable(case_number: str, state: SurveyState | None) -> None:
    """Conflict unless the case has an open survey (one answer per survey)."""
    if state is None:
        raise Conflict(
            f"case {case_number} has no satisfaction survey yet (it opens with the final reply)"
        )
    if state is SurveyState.ANSWERED:
        raise Conflict(f"the satisfaction survey of case {case_number} is already answered; "
                       "a survey takes one answer")
