"""The masking workflow's use cases (PET-7.3, PET-12), as plain functions over a unit of work.

After a reply, the reply and the case content get masked copies (``create_masked_copies``); clerks
review them (``update_mask_spans``, ``approve_masked_copy``); unreviewed copies are published when
their due arrives (``publish_due_copies``). Every change writes an audit row and the events it implies
(``deadline_set``/``deadline_met`` for rule PET-7.3, ``masked_copy_published``) into the caller's
transaction (outbox). Only masked text is ever published; the original is readable only with an
approved access grant (``reply.access.access_granted``, PET-7.5) and is never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.common.v1 import deadlines_pb2
from civicase.reply.v1 import events_pb2
from civicase_platform import settings
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.db import UnitOfWork, UnitOfWorkFactory
from civicase_platform.errors import NotFound, PermissionDenied
from civicase_platform.grpc_support import to_timestamp
from reply import access
from reply.adapters.orm import cases, masked_copies, masking_audit, replies
from reply.domain.masked_copies import (
    MASKING_RULE,
    MAX_REASON_CHARS,
    SYSTEM_ACTOR,
    AuditAction,
    CopyKind,
    CopyState,
    check_actor,
    edit_spans,
    ensure_editable,
    masking_deadline,
    remask,
)
from reply.domain.masking import Known, Span, SpanType, mask_text

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class CaseText:
    """What intake holds about the case, as masking needs it; ``known`` is the petitioner's own
    name/phone/e-mail/address, used once to find spans and never stored."""

    subject: str
    content: str
    known: Known


@dataclass(frozen=True)
class MaskedCopyView:
    id: int
    case_number: str
    kind: CopyKind
    agency_code: str
    masked_text: str
    spans: list[Span]
    state: CopyState
    due: datetime
    replied_at: datetime
    created_at: datetime
    reviewed_by: str
    reviewed_at: datetime | None
    published_at: datetime | None
    overdue: bool


def case_text_to_mask(subject: str, content: str) -> str:
    """The case content copy covers the subject (if any) and the content, as one text."""
    return f"{subject}\n{content}" if subject else content


def _spans_from_json(raw: Iterable) -> list[Span]:
    return [Span(int(s), int(e), SpanType(t)) for s, e, t in raw]


def _spans_to_json(spans: Iterable[Span]) -> list[list]:
    return [[s.start, s.end, s.type.value] for s in spans]


def _view(row, now: datetime) -> MaskedCopyView:
    state = CopyState(row.state)
    return MaskedCopyView(
        id=row.id, case_number=row.case_number, kind=CopyKind(row.kind), agency_code=row.agency_code,
        masked_text=row.masked_text, spans=_spans_from_json(row.spans), state=state, due=row.due,
        replied_at=row.replied_at, created_at=row.created_at, reviewed_by=row.reviewed_by or "",
        reviewed_at=row.reviewed_at, published_at=row.published_at,
        overdue=state is CopyState.PENDING_REVIEW and row.due <= now,
    )


def _audit(tx: UnitOfWork, copy_id: int, actor: str, at: datetime, action: AuditAction,
           span: Span | None = None, reason: str = "") -> None:
    tx.session.execute(masking_audit.insert().values(
        copy_id=copy_id, actor=actor, at=at, action=action.value,
        span_start=span.start if span else None, span_end=span.end if span else None,
        span_type=span.type.value if span else None, reason=reason,
    ))


# -- creation ------------------------------------------------------------------------------------


def find_reply_id(tx: UnitOfWork, case_number: str, replied_at: datetime) -> int | None:
    """The reply a ``case_replied`` event is about (a case has at most a few replies)."""
    return tx.session.execute(
        select(replies.c.id).where(replies.c.case_number == case_number, replies.c.replied_at == replied_at)
    ).scalar()


#: A reply's copies are normally made within seconds by the case_replied consumer; the timer only
#: retries replies older than this (env MASKING_RETRY_AFTER_SECONDS), so it does not race the consumer.
AWAITING_GRACE = timedelta(seconds=float(settings.get("MASKING_RETRY_AFTER_SECONDS", "60")))


def replies_awaiting_masking(tx: UnitOfWork, *, replied_before: datetime,
                             limit: int = 50) -> list[tuple[int, str]]:
    """Replies older than ``replied_before`` that have no masked copy yet (intake was down when
    their ``case_replied`` was consumed, or the event was dead-lettered): the timer retries them."""
    stmt = (
        select(replies.c.id, replies.c.case_number)
        .outerjoin(masked_copies, and_(masked_copies.c.reply_id == replies.c.id,
                                       masked_copies.c.kind == CopyKind.REPLY.value))
        .where(masked_copies.c.id.is_(None), replies.c.replied_at < replied_before)
        .order_by(replies.c.id)
        .limit(limit)
    )
    return [(row.id, row.case_number) for row in tx.session.execute(stmt)]


def create_masked_copies(tx: UnitOfWork, reply_id: int, case_text: CaseText | None, *,
                         now: datetime | None = None, calendar: OfficeCalendar | None = None) -> int:
    """Mask the reply and the case content of reply ``reply_id`` and store both copies as
    ``pending_review``, due by PET-7.3; announce the deadline (``deadline_set``) once.

    ``case_text`` None means intake does not know the case: only the reply is masked (without known
    context). Idempotent: copies that exist are left alone. Returns the number of copies created.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    reply = tx.session.execute(select(replies).where(replies.c.id == reply_id)).first()
    if reply is None:
        raise NotFound(f"no reply {reply_id}")
    known = case_text.known if case_text else Known()
    texts = {CopyKind.REPLY: reply.content}
    if case_text is not None:
        texts[CopyKind.CASE_CONTENT] = case_text_to_mask(case_text.subject, case_text.content)
    due = masking_deadline(reply.replied_at, calendar)
    created = 0
    for kind, original in texts.items():
        result = mask_text(original, known)
        copy_id = tx.session.execute(
            pg_insert(masked_copies).values(
                reply_id=reply.id, case_number=reply.case_number, kind=kind.value, agency_code=reply.agency_code,
                original_text=original if kind is CopyKind.CASE_CONTENT else None,
                masked_text=result.masked, spans=_spans_to_json(result.spans),
                state=CopyState.PENDING_REVIEW.value, replied_at=reply.replied_at, due=due.due, created_at=now,
            ).on_conflict_do_nothing(constraint="masked_copies_reply_kind").returning(masked_copies.c.id)
        ).scalar()
        if copy_id is None:
            continue
        created += 1
        _audit(tx, copy_id, SYSTEM_ACTOR, now, AuditAction.CREATED)
        for span in result.spans:
            _audit(tx, copy_id, SYSTEM_ACTOR, now, AuditAction.SPAN_ADDED, span, "detected")
    if created:
        tx.publish("deadline_set", reply.case_number, deadlines_pb2.DeadlineSet(
            rule=MASKING_RULE, subject=reply.case_number, agency_code=reply.agency_code,
            due=to_timestamp(due.due), opened_at=to_timestamp(reply.replied_at),
        ))
    log.info("masked_copies_created", case_number=reply.case_number, reply_id=reply.id, copies=created,
             with_case_content=case_text is not None, due=due.due.isoformat())
    return created


# -- reading ---------------------------------------------------------------------------------------


def get_masked_copies(tx: UnitOfWork, case_number: str, *, published_only: bool = False,
                      now: datetime | None = None) -> list[MaskedCopyView]:
    """The copies of a case, oldest first; NotFound if reply does not know the case."""
    now = now or datetime.now(UTC)
    if tx.session.execute(select(cases.c.case_number).where(cases.c.case_number == (case_number or ""))).first() \
            is None:
        raise NotFound(f"no assigned case {case_number!r}")
    stmt = select(masked_copies).where(masked_copies.c.case_number == case_number).order_by(masked_copies.c.id)
    if published_only:
        stmt = stmt.where(masked_copies.c.state == CopyState.PUBLISHED.value)
    return [_view(row, now) for row in tx.session.execute(stmt)]


MAX_QUEUE = 500


def list_masking_queue(tx: UnitOfWork, *, agency_code: str = "", overdue_only: bool = False,
                       now: datetime | None = None, limit: int = MAX_QUEUE) -> list[MaskedCopyView]:
    """Copies awaiting review, soonest due first (the clerks' work list)."""
    now = now or datetime.now(UTC)
    stmt = (select(masked_copies).where(masked_copies.c.state == CopyState.PENDING_REVIEW.value)
            .order_by(masked_copies.c.due, masked_copies.c.id).limit(min(max(limit, 1), MAX_QUEUE)))
    if agency_code:
        stmt = stmt.where(masked_copies.c.agency_code == agency_code)
    if overdue_only:
        stmt = stmt.where(masked_copies.c.due <= now)
    return [_view(row, now) for row in tx.session.execute(stmt)]


def audit_trail(tx: UnitOfWork, copy_id: int) -> list:
    return list(tx.session.execute(
        select(masking_audit).where(masking_audit.c.copy_id == copy_id).order_by(masking_audit.c.id)))


# -- clerk's changes ---------------------------------------------------------------------------------


def _lock_copy(tx: UnitOfWork, copy_id: int):
    # FOR UPDATE: an edit, an approval and the auto-publication timer on one copy take turns, so a
    # published copy is never edited and a copy is published once.
    row = tx.session.execute(
        select(masked_copies).where(masked_copies.c.id == copy_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"no masked copy {copy_id}")
    return row


def _original(tx: UnitOfWork, row) -> str | None:
    if row.kind == CopyKind.REPLY.value:
        return tx.session.execute(select(replies.c.content).where(replies.c.id == row.reply_id)).scalar()
    return row.original_text


def update_mask_spans(tx: UnitOfWork, copy_id: int, *, add: Iterable[tuple[int, int, str]],
                      remove: Iterable[tuple[int, int, str]], actor: str, reason: str = "",
                      now: datetime | None = None) -> MaskedCopyView:
    """A clerk adds and removes spans of an unpublished copy; each change is audited."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    actor = check_actor(actor)
    reason = (reason or "").strip()[:MAX_REASON_CHARS]
    row = _lock_copy(tx, copy_id)
    ensure_editable(CopyState(row.state), copy_id)
    original = _original(tx, row)
    edit = edit_spans(len(row.masked_text), _spans_from_json(row.spans), add, remove)
    masked = remask(original, edit.spans)
    tx.session.execute(masked_copies.update().where(masked_copies.c.id == copy_id).values(
        spans=_spans_to_json(edit.spans), masked_text=masked))
    for span in edit.removed:
        _audit(tx, copy_id, actor, now, AuditAction.SPAN_REMOVED, span, reason)
    for span in edit.added:
        _audit(tx, copy_id, actor, now, AuditAction.SPAN_ADDED, span, reason)
    log.info("mask_spans_updated", copy_id=copy_id, case_number=row.case_number, added=len(edit.added),
             removed=len(edit.removed))
    return _view(_lock_copy(tx, copy_id), now)


def _publish(tx: UnitOfWork, row, now: datetime, reviewed_by: str | None) -> None:
    """Publish a locked, unpublished copy: state, audit, ``masked_copy_published`` (masked text only),
    and ``deadline_met`` for PET-7.3 once no copy of the case is left unpublished."""
    tx.session.execute(masked_copies.update().where(masked_copies.c.id == row.id).values(
        state=CopyState.PUBLISHED.value, published_at=now, original_text=None,
        reviewed_by=reviewed_by, reviewed_at=now if reviewed_by else None,
    ))
    _audit(tx, row.id, reviewed_by or SYSTEM_ACTOR, now, AuditAction.PUBLISHED,
           reason="" if reviewed_by else "due passed unreviewed")
    tx.publish("masked_copy_published", row.case_number, events_pb2.MaskedCopyPublished(
        case_number=row.case_number, agency_code=row.agency_code, kind=row.kind, masked_text=row.masked_text,
        replied_at=to_timestamp(row.replied_at), published_at=to_timestamp(now), reviewed=bool(reviewed_by),
    ))
    # Lock the case row before counting what is left: two transactions publishing the last two
    # copies of a case take turns here, and the second (READ COMMITTED: its next statement sees the
    # first's commit) finds nothing left, so exactly one of them announces deadline_met.
    tx.session.execute(select(cases.c.case_number).where(cases.c.case_number == row.case_number).with_for_update())
    left = tx.session.execute(select(func.count()).select_from(masked_copies).where(
        masked_copies.c.case_number == row.case_number, masked_copies.c.state != CopyState.PUBLISHED.value,
    )).scalar()
    if left == 0:
        tx.publish("deadline_met", row.case_number, deadlines_pb2.DeadlineMet(
            rule=MASKING_RULE, subject=row.case_number, agency_code=row.agency_code,
            met_at=to_timestamp(now), due=to_timestamp(row.due),
        ))


def approve_masked_copy(tx: UnitOfWork, copy_id: int, *, actor: str,
                        now: datetime | None = None) -> MaskedCopyView:
    """A clerk approves the copy as it stands; it is published at once."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    actor = check_actor(actor)
    row = _lock_copy(tx, copy_id)
    ensure_editable(CopyState(row.state), copy_id)
    _audit(tx, copy_id, actor, now, AuditAction.APPROVED)
    _publish(tx, row, now, reviewed_by=actor)
    log.info("masked_copy_approved", copy_id=copy_id, case_number=row.case_number, overdue=row.due <= now)
    return _view(_lock_copy(tx, copy_id), now)


def publish_one_due_copy(tx: UnitOfWork, now: datetime) -> int | None:
    """Publish one unreviewed copy whose due has passed; its id, or None if there is none.

    SKIP LOCKED: several reply instances run this at once; each takes a different copy, and a copy a
    clerk is editing right now is skipped (the next run takes it if it is still unreviewed).
    """
    row = tx.session.execute(
        select(masked_copies)
        .where(masked_copies.c.state == CopyState.PENDING_REVIEW.value, masked_copies.c.due <= now)
        .order_by(masked_copies.c.due, masked_copies.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if row is None:
        return None
    _publish(tx, row, now, reviewed_by=None)
    log.info("masked_copy_auto_published", copy_id=row.id, case_number=row.case_number)
    return row.id


def publish_due_copies(uow: UnitOfWorkFactory, *, now: datetime | None = None, limit: int = 100) -> list[int]:
    """The timer's step: publish due unreviewed copies, one transaction per copy (each with its
    outbox events), so one failure does not undo the others and locks are held briefly."""
    published: list[int] = []
    while len(published) < limit:
        with uow() as tx:
            copy_id = publish_one_due_copy(tx, (now or datetime.now(UTC)).astimezone(UTC))
            if copy_id is None:
                return published
            tx.commit()
        published.append(copy_id)
    return published


# -- the original (PET-7.5 hook) --------------------------------------------------------------------


def get_original_text(tx: UnitOfWork, copy_id: int, *, actor: str, purpose: str = "",
                      now: datetime | None = None,
                      granted: Callable[[str, str], bool] | None = None) -> str:
    """The unmasked text, only for an actor with an approved access grant (PET-7.5); every attempt
    is audited. The caller commits even when this raises PermissionDenied (the audit row stays)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    actor = check_actor(actor)
    purpose = (purpose or "").strip()[:MAX_REASON_CHARS]
    row = tx.session.execute(select(masked_copies).where(masked_copies.c.id == copy_id)).first()
    if row is None:
        raise NotFound(f"no masked copy {copy_id}")
    if not (granted or access.access_granted)(row.case_number, actor):
        _audit(tx, copy_id, actor, now, AuditAction.ORIGINAL_DENIED, reason=purpose)
        log.warning("original_text_denied", copy_id=copy_id, case_number=row.case_number)
        raise PermissionDenied(
            f"viewing the original of case {row.case_number} needs an approved personal-data access "
            "grant (PET-7.5: request → approval by the unit supervisor or above → time-limited access)")
    original = _original(tx, row)
    if original is None:
        raise NotFound(f"the original case content of copy {copy_id} is no longer held by reply once the "
                       "copy is published; it stays with intake")
    _audit(tx, copy_id, actor, now, AuditAction.ORIGINAL_VIEWED, reason=purpose)
    log.info("original_text_viewed", copy_id=copy_id, case_number=row.case_number)
    return original

