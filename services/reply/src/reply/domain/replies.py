"""What a reply must contain (PET-7.3) and what it does to a case (PET-7.4, PET-8).

A case moves through three states:

* ``awaiting_reply`` — assigned, PET-7.4 (6 working days) open;
* ``level_b_in_progress`` — a first reply at level B (PET-8.2, a schedule and preliminary findings)
  met PET-7.4 and opened PET-7.4-B (30 calendar days);
* ``closed`` — a level-A reply (PET-8.1) met the open deadline; nothing more is accepted.

Level B is accepted only as the first reply (while PET-7.4 is open); after it only a final level-A
reply is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicase_platform.errors import Conflict, InvalidInput
from reply.domain.deadlines import LEVEL_B_RULE, PROCESSING_RULE

MAX_CONTENT_CHARS = 20_000
MAX_HANDLER_CHARS = 100
MAX_CASE_ITEM_CHARS = 200


class Level(StrEnum):
    A = "A"  # PET-8.1 結案: done and replied (closes the case)
    B = "B"  # PET-8.2 先行回復: first reply with a definite schedule


class CaseState(StrEnum):
    AWAITING_REPLY = "awaiting_reply"
    LEVEL_B_IN_PROGRESS = "level_b_in_progress"
    CLOSED = "closed"


@dataclass(frozen=True)
class ReplyDraft:
    """A reply that passed validation (PET-7.3 fields)."""

    case_number: str
    content: str
    level: Level
    handler: str
    case_item: str
    legality_question: bool


def validate_reply(
    *,
    case_number: str,
    content: str,
    level: Level | None,
    handler: str = "",
    case_item: str = "",
    legality_question: bool = False,
) -> ReplyDraft:
    """The reply, or InvalidInput listing every problem at once."""
    problems: list[str] = []
    case_number = (case_number or "").strip()
    handler = (handler or "").strip()
    case_item = (case_item or "").strip()
    if not case_number:
        problems.append("case_number is required")
    if not (content or "").strip():
        problems.append("content is required: the reply to the petitioner (PET-7.3)")
    elif len(content) > MAX_CONTENT_CHARS:
        problems.append(f"content has {len(content):,} characters; at most {MAX_CONTENT_CHARS:,} are allowed")
    if level is None:
        problems.append(
            "level is required: LEVEL_A to close the case (PET-8.1) or LEVEL_B for a first reply "
            "with a schedule (PET-8.2)"
        )
    if len(handler) > MAX_HANDLER_CHARS:
        problems.append(f"handler has {len(handler)} characters; at most {MAX_HANDLER_CHARS} are allowed")
    if len(case_item) > MAX_CASE_ITEM_CHARS:
        problems.append(
            f"case_item has {len(case_item)} characters; at most {MAX_CASE_ITEM_CHARS} are allowed"
        )
    if problems:
        raise InvalidInput("the reply was not recorded: " + "; ".join(problems))
    assert level is not None
    return ReplyDraft(case_number, content, level, handler, case_item, bool(legality_question))


@dataclass(frozen=True)
class ReplyOutcome:
    """What a reply does to its case: the deadline it meets, the one it opens, the state after."""

    meets: str
    opens: str | None
    state_after: CaseState


def decide_reply(case_number: str, state: CaseState, level: Level) -> ReplyOutcome:
    """PET-7.4 / PET-8: the effect of a reply at ``level`` on a case in ``state``, or Conflict."""
    if state is CaseState.CLOSED:
        raise Conflict(
            f"case {case_number} is closed; it was answered at level A and takes no further replies"
        )
    if state is CaseState.AWAITING_REPLY:
        if level is Level.A:
            return ReplyOutcome(meets=PROCESSING_RULE, opens=None, state_after=CaseState.CLOSED)
        return ReplyOutcome(
            meets=PROCESSING_RULE, opens=LEVEL_B_RULE, state_after=CaseState.LEVEL_B_IN_PROGRESS
        )
    if level is Level.B:
        raise Conflict(
            f"case {case_number} already has a level-B reply; level B is only for the first reply "
            "(PET-8.2) — reply at level A with the final result to close it (PET-8.1)"
        )
    return ReplyOutcome(meets=LEVEL_B_RULE, opens=None, state_after=CaseState.CLOSED)


def decide_reassignment(state: CaseState, current_agency: str, new_agency: str) -> bool:
    """Whether a later ``case_assigned`` moves the case to ``new_agency``.

    A case re-assigned to another agency (PET-9.5 改分, or a settled jurisdiction dispute) moves to
    it while still open, but keeps its deadlines: PET-7.4 counts from the city's first assignment of
    the case and the petitioner's wait does not start over because the city moved the case inside
    itself; re-counting would also let a re-assignment hide an overdue case from time-limit control.
    A closed case stays with the agency that closed it; the same agency again changes nothing.
    """
    return state is not CaseState.CLOSED and bool(new_agency) and new_agency != current_agency
