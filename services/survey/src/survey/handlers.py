"""Survey's use cases, as plain functions over a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.survey.v1 import events_pb2, survey_api_pb2
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import NotFound
from civicase_platform.grpc_support import to_timestamp
from survey.adapters.orm import surveys
from survey.domain.surveys import (
    Answer,
    FinalReply,
    Satisfaction,
    SurveyState,
    check_answerable,
    survey_exemption,
)

log = structlog.get_logger(__name__)

SATISFACTION_TO_PROTO = {s: survey_api_pb2.Satisfaction.Value(f"SATISFACTION_{s.name}") for s in Satisfaction}


@dataclass(frozen=True)
class SurveyView:
    case_number: str
    agency_code: str
    state: SurveyState
    opened_at: datetime
    satisfaction: Satisfaction | None
    comment: str
    answered_at: datetime | None


def _view(row) -> SurveyView:
    return SurveyView(
        case_number=row.case_number, agency_code=row.agency_code, state=SurveyState(row.state),
        opened_at=row.opened_at, satisfaction=Satisfaction(row.satisfaction) if row.satisfaction else None,
        comment=row.comment, answered_at=row.answered_at,
    )


def open_survey(tx: UnitOfWork, reply: FinalReply, *, replied_at: datetime | None = None,
                now: datetime | None = None) -> str:
    """PET-10.1: the final reply attaches a survey unless an exemption applies.

    Returns ``"opened"``, ``"exempt"`` or ``"exists"`` (a case has one survey; another final reply for
    the same case — not possible today — leaves it as it is).
    """
    exemption = survey_exemption(reply)
    if exemption is not None:
        log.info("survey_exempt", case_number=reply.case_number, exemption=exemption)
        return "exempt"
    opened_at = (now or datetime.now(UTC)).astimezone(UTC)
    # ON CONFLICT DO NOTHING: two different events announcing a final reply for one case cannot
    # both open a survey, even when delivered to two workers at once.
    inserted = tx.session.execute(
        pg_insert(surveys)
        .values(case_number=reply.case_number, agency_code=reply.agency_code, replied_at=replied_at,
                opened_at=opened_at, state=SurveyState.OPEN.value, comment="")
        .on_conflict_do_nothing(index_elements=[surveys.c.case_number])
        .returning(surveys.c.case_number)
    ).first()
    if inserted is None:
        log.info("survey_already_open", case_number=reply.case_number)
        return "exists"
    log.info("survey_opened", case_number=reply.case_number, agency_code=reply.agency_code)
    return "opened"


def get_survey(tx: UnitOfWork, case_number: str) -> SurveyView:
    row = tx.session.execute(select(surveys).where(surveys.c.case_number == (case_number or ""))).first()
    if row is None:
        raise NotFound(f"case {case_number!r} has no satisfaction survey (it opens with the final reply)")
    return _view(row)


def answer_survey(tx: UnitOfWork, answer: Answer, *, now: datetime | None = None) -> SurveyView:
    """Record the petitioner's one answer and announce ``survey_answered`` (no comment in the event)."""
    answered_at = (now or datetime.now(UTC)).astimezone(UTC)
    # FOR UPDATE: two answers sent at once take turns; the second sees "answered" and is refused.
    row = tx.session.execute(
        select(surveys).where(surveys.c.case_number == answer.case_number).with_for_update()
    ).first()
    check_answerable(answer.case_number, SurveyState(row.state) if row is not None else None)
    assert row is not None  # check_answerable refused a missing survey
    tx.session.execute(surveys.update().where(surveys.c.case_number == answer.case_number).values(
        state=SurveyState.ANSWERED.value, satisfaction=answer.satisfaction.value, comment=answer.comment,
        answered_at=answered_at,
    ))
    tx.publish("survey_answered", answer.case_number, events_pb2.SurveyAnswered(
        case_number=answer.case_number, agency_code=row.agency_code,
        satisfaction=SATISFACTION_TO_PROTO[answer.satisfaction],
        unsatisfied=answer.satisfaction.unsatisfied, answered_at=to_timestamp(answered_at),
    ))
    log.info("survey_answered", case_number=answer.case_number, satisfaction=answer.satisfaction.value)
    return get_survey(tx, answer.case_number)
