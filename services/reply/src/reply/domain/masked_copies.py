"""The masking workflow's rules (PET-7.3, PET-12): when a masked copy is due, how a clerk may edit
its spans, and which states allow what.

After a reply, the reply and the case content each get a masked copy. A copy is

* ``pending_review`` — spans detected by the engine (with the petitioner's own name, phone, e-mail
  and address as known context); a clerk may add and remove spans;
* ``published`` — approved by a clerk, or published unreviewed when its due arrived. Approval
  publishes at once, so no copy rests in an "approved" state: the approval is the audit row
  ``approved`` plus ``reviewed_by``/``reviewed_at``. A published copy never changes again.

Due (PET-7.3 "by the next working day after replying"): 17:30 of the first working day after the
reply — the "N working days" semantics with N = 1 (rule ``PET-7.3`` of the office calendar).

Span edits: offsets are Python string indices (code points), end exclusive. Removals must name a
current span exactly; additions must lie inside the text, have a known type, and overlap neither a
span that stays nor each other. Every problem is reported at once, in words a clerk can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from civicase_platform.calendar import OfficeCalendar, deadline
from civicase_platform.errors import Conflict, InvalidInput
from reply.domain.deadlines import Deadline
from reply.domain.masking import Span, SpanType, apply_spans

MASKING_RULE = "PET-7.3"
MAX_SPAN_EDITS = 500
MAX_ACTOR_CHARS = 200
MAX_REASON_CHARS = 500


class CopyKind(StrEnum):
    REPLY = "reply"
    CASE_CONTENT = "case_content"


class CopyState(StrEnum):
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"


class AuditAction(StrEnum):
    CREATED = "created"  # spans the engine found (one row per span: offsets and type)
    SPAN_ADDED = "span_added"
    SPAN_REMOVED = "span_removed"
    APPROVED = "approved"
    PUBLISHED = "published"  # by approval or automatically at the due
    ORIGINAL_VIEWED = "original_viewed"
    ORIGINAL_DENIED = "original_denied"


#: The actor recorded for what the system does on its own (creation, publication at the due).
SYSTEM_ACTOR = "system"


def masking_deadline(replied_at: datetime, calendar: OfficeCalendar | None = None) -> Deadline:
    """PET-7.3: 17:30 of the first working day after the reply (UTC)."""
    due = deadline(MASKING_RULE, replied_at, calendar=calendar)
    return Deadline(MASKING_RULE, replied_at.astimezone(UTC), due.astimezone(UTC))


def check_actor(actor: str) -> str:
    """The staff subject who acts; required so the audit says who."""
    actor = (actor or "").strip()
    if not actor:
        raise InvalidInput("actor is required: the staff subject of the person making the change "
                           "(the X-Staff-Subject header through the gateway)")
    if len(actor) > MAX_ACTOR_CHARS:
        raise InvalidInput(f"actor has {len(actor)} characters; at most {MAX_ACTOR_CHARS} are allowed")
    return actor


def ensure_editable(state: CopyState, copy_id: int) -> None:
    if state is CopyState.PUBLISHED:
        raise Conflict(f"masked copy {copy_id} is already published and can no longer change; "
                       "a published copy is final")


@dataclass(frozen=True)
class SpanEdit:
    """The spans after an edit, and what was added and removed (for the audit)."""

    spans: list[Span]
    added: list[Span]
    removed: list[Span]


def _describe(start: int, end: int, span_type: str) -> str:
    return f"[{start}, {end}) {span_type}"


def edit_spans(
    text_length: int,
    current: Sequence[Span],
    add: Iterable[tuple[int, int, str]],
    remove: Iterable[tuple[int, int, str]],
) -> SpanEdit:
    """Apply a clerk's edit to ``current`` spans of a text of ``text_length`` characters, or raise
    InvalidInput listing every problem. Nothing is applied unless the whole edit is valid."""
    add, remove = list(add), list(remove)
    problems: list[str] = []
    if not add and not remove:
        problems.append("nothing to change: give spans to add or to remove")
    if len(add) + len(remove) > MAX_SPAN_EDITS:
        problems.append(f"{len(add) + len(remove)} span edits at once; at most {MAX_SPAN_EDITS} are allowed")
    known_types = ", ".join(t.value for t in SpanType)

    current_set = set(current)
    removed: list[Span] = []
    for start, end, span_type in remove:
        wanted = _describe(start, end, span_type)
        match = next((s for s in current if (s.start, s.end, s.type.value) == (start, end, span_type)), None)
        if match is None:
            problems.append(f"remove {wanted}: no such span on this copy; remove only spans listed on it")
        elif match in removed:
            problems.append(f"remove {wanted}: listed twice")
        else:
            removed.append(match)
    kept = [s for s in current if s not in removed]

    added: list[Span] = []
    for start, end, span_type in add:
        wanted = _describe(start, end, span_type)
        if span_type not in SpanType.__members__:
            problems.append(f"add {wanted}: unknown type {span_type!r}; use one of {known_types}")
            continue
        if start < 0 or end > text_length or start >= end:
            problems.append(f"add {wanted}: a span must satisfy 0 ≤ start < end ≤ {text_length} "
                            f"(the text has {text_length} characters)")
            continue
        span = Span(start, end, SpanType(span_type))
        clash = next((s for s in [*kept, *added] if s.start < end and start < s.end), None)
        if clash is not None:
            already = "an existing span" if clash in current_set else "another added span"
            problems.append(f"add {wanted}: overlaps {already} {_describe(clash.start, clash.end, clash.type.value)}; "
                            "remove that span first (in the same edit) or choose offsets outside it")
            continue
        added.append(span)
    if problems:
        raise InvalidInput("; ".join(problems))
    return SpanEdit(sorted([*kept, *added]), added, removed)


def remask(original: str, spans: Sequence[Span]) -> str:
    """The masked text of ``original`` under ``spans`` (one ○ per character, same length)."""
    return apply_spans(original, spans)
