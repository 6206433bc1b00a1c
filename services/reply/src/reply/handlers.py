"""Reply's use cases, as plain functions over a unit of work.

Every state change and the events it implies (``deadline_set``, ``deadline_met``, ``case_replied``)
are written in the caller's transaction, so they commit — or vanish — together (outbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from sqlalchemy import select

from civicase.common.v1 import deadlines_pb2
from civicase.reply.v1 import events_pb2, reply_api_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import InvalidInput, NotFound
from civicase_platform.grpc_support import to_timestamp
from reply.adapters.orm import cases, deadlines, replies
from reply.domain.deadlines import Deadline, level_b_deadline, processing_deadline
from reply.domain.replies import CaseState, Level, ReplyDraft, decide_reassignment, decide_reply

log = structlog.get_logger(__name__)

LEVEL_TO_PROTO = {Level.A: reply_api_pb2.LEVEL_A, Level.B: reply_api_pb2.LEVEL_B}


@dataclass(frozen=True)
class Assignment:
    """routing's ``case_assigned``, as reply needs it."""

    case_number: str
    agency_code: str
    subcategory_code: str
    received_at: datetime | None
    assigned_at: datetime | None


@dataclass(frozen=True)
class ReplyRecord:
    level: Level
    content: str
    handler: str
    case_item: str
    legality_question: bool
    replied_at: datetime


@dataclass(frozen=True)
class CaseReplyStatus:
    case_number: str
    agency_code: str
    subcategory_code: str
    state: CaseState
    received_at: datetime | None
    assigned_at: datetime
    deadline_rule: str  # the open deadline, "" when the case is closed
    reply_due: datetime | None
    replies: list[ReplyRecord]


def _publish_deadline_set(tx: UnitOfWork, case_number: str, agency_code: str, rule: str, due: datetime,
                          opened_at: datetime) -> None:
    tx.publish("deadline_set", case_number, deadlines_pb2.DeadlineSet(
        rule=rule, subject=case_number, agency_code=agency_code,
        due=to_timestamp(due), opened_at=to_timestamp(opened_at),
    ))


def _open_deadline(tx: UnitOfWork, case_number: str, agency_code: str, deadline: Deadline,
                   opened_at: datetime) -> None:
    tx.session.execute(deadlines.insert().values(
        case_number=case_number, rule=deadline.rule, opened_at=opened_at, due=deadline.due))
    _publish_deadline_set(tx, case_number, agency_code, deadline.rule, deadline.due, opened_at)


def _lock_case(tx: UnitOfWork, case_number: str):
    # FOR UPDATE: two replies (or a reply and a re-assignment) to one case take turns, so the state
    # machine always sees the state the other one left.
    return tx.session.execute(
        select(cases).where(cases.c.case_number == case_number).with_for_update()
    ).first()


def _open_deadline_row(tx: UnitOfWork, case_number: str):
    return tx.session.execute(
        select(deadlines).where(deadlines.c.case_number == case_number, deadlines.c.met_at.is_(None))
    ).first()


def record_assignment(tx: UnitOfWork, assignment: Assignment, calendar: OfficeCalendar | None = None) -> str:
    """routing assigned a case: record it and open PET-7.4 (``deadline_set``).

    Returns what happened: ``"opened"`` (first assignment), ``"moved"`` (re-assigned to another
    agency: the case moves, its open deadline keeps its due and is announced again with the new
    agency so time-limit control follows the case), or ``"unchanged"``.
    """
    if not assignment.case_number or not assignment.agency_code or assignment.assigned_at is None:
        raise InvalidInput("case_assigned lacks case_number, agency_code or assigned_at")
    assigned_at = assignment.assigned_at.astimezone(UTC)
    row = _lock_case(tx, assignment.case_number)
    if row is None:
        deadline = processing_deadline(assigned_at, calendar)
        tx.session.execute(cases.insert().values(
            case_number=assignment.case_number, agency_code=assignment.agency_code,
            subcategory_code=assignment.subcategory_code, received_at=assignment.received_at,
            assigned_at=assigned_at, state=CaseState.AWAITING_REPLY.value,
        ))
        _open_deadline(tx, assignment.case_number, assignment.agency_code, deadline, assigned_at)
        log.info("case_assigned_recorded", case_number=assignment.case_number,
                 agency_code=assignment.agency_code, due=deadline.due.isoformat())
        return "opened"
    if not decide_reassignment(CaseState(row.state), row.agency_code, assignment.agency_code):
        log.info("case_assignment_unchanged", case_number=assignment.case_number, state=row.state)
        return "unchanged"
    tx.session.execute(cases.update().where(cases.c.case_number == assignment.case_number).values(
        agency_code=assignment.agency_code,
        subcategory_code=assignment.subcategory_code or row.subcategory_code,
        reassigned_at=assigned_at,
    ))
    open_deadline = _open_deadline_row(tx, assignment.case_number)
    if open_deadline is not None:
        _publish_deadline_set(tx, assignment.case_number, assignment.agency_code, open_deadline.rule,
                              open_deadline.due, open_deadline.opened_at)
    log.info("case_reassigned", case_number=assignment.case_number, from_agency=row.agency_code,
             to_agency=assignment.agency_code)
    return "moved"


def record_reply(tx: UnitOfWork, draft: ReplyDraft, *, now: datetime | None = None,
                 calendar: OfficeCalendar | None = None) -> CaseReplyStatus:
    """PET-7.3/7.4/8: store the reply, meet the open deadline, open PET-7.4-B on level B, announce
    ``case_replied``.

    Masking (PET-7.3 "by the next working day", PET-12) hooks in here later: a masked copy of
    ``draft.content`` made after this reply is stored; only masked text may ever leave the service.
    """
    replied_at = (now or datetime.now(UTC)).astimezone(UTC)
    row = _lock_case(tx, draft.case_number)
    if row is None:
        raise NotFound(
            f"no assigned case {draft.case_number!r}; a reply can be recorded once routing has "
            "assigned the case to an agency"
        )
    outcome = decide_reply(draft.case_number, CaseState(row.state), draft.level)
    tx.session.execute(replies.insert().values(
        case_number=draft.case_number, level=draft.level.value, content=draft.content,
        handler=draft.handler, case_item=draft.case_item, legality_question=draft.legality_question,
        agency_code=row.agency_code, replied_at=replied_at,
    ))
    met = tx.session.execute(
        deadlines.update()
        .where(deadlines.c.case_number == draft.case_number, deadlines.c.rule == outcome.meets,
               deadlines.c.met_at.is_(None))
        .values(met_at=replied_at)
        .returning(deadlines.c.due)
    ).first()
    if met is not None:
        tx.publish("deadline_met", draft.case_number, deadlines_pb2.DeadlineMet(
            rule=outcome.meets, subject=draft.case_number, agency_code=row.agency_code,
            met_at=to_timestamp(replied_at), due=to_timestamp(met.due),
        ))
    if outcome.opens is not None:
        _open_deadline(tx, draft.case_number, row.agency_code, level_b_deadline(row.assigned_at, calendar),
                       replied_at)
    tx.session.execute(cases.update().where(cases.c.case_number == draft.case_number).values(
        state=outcome.state_after.value,
        closed_at=replied_at if outcome.state_after is CaseState.CLOSED else None,
    ))
    tx.publish("case_replied", draft.case_number, events_pb2.CaseReplied(
        case_number=draft.case_number, agency_code=row.agency_code, level=LEVEL_TO_PROTO[draft.level],
        replied_at=to_timestamp(replied_at),
    ))
    log.info("reply_recorded", case_number=draft.case_number, level=draft.level.value,
             state=outcome.state_after.value)
    return get_status(tx, draft.case_number)


def get_status(tx: UnitOfWork, case_number: str) -> CaseReplyStatus:
    """The case's agency, state, open deadline and replies (oldest first), or NotFound."""
    row = tx.session.execute(select(cases).where(cases.c.case_number == (case_number or ""))).first()
    if row is None:
        raise NotFound(f"no assigned case {case_number!r}")
    open_deadline = _open_deadline_row(tx, case_number)
    reply_rows = tx.session.execute(
        select(replies).where(replies.c.case_number == case_number).order_by(replies.c.id)
    ).all()
    return CaseReplyStatus(
        case_number=row.case_number, agency_code=row.agency_code, subcategory_code=row.subcategory_code,
        state=CaseState(row.state), received_at=row.received_at, assigned_at=row.assigned_at,
        deadline_rule=open_deadline.rule if open_deadline else "",
        reply_due=open_deadline.due if open_deadline else None,
        replies=[ReplyRecord(Level(r.level), r.content, r.handler, r.case_item, r.legality_question,
                             r.replied_at) for r in reply_rows],
    )
