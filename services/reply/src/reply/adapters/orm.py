"""Reply's tables (its own database ``civicase_reply``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from civicase_platform.closures import ClosureCalendar, define_closure_table
from civicase_platform.outbox import define_tables

metadata = MetaData()

# A case as reply knows it: from routing's case_assigned, then moved along by the replies.
cases = Table(
    "cases",
    metadata,
    Column("case_number", String(20), primary_key=True),
    Column("agency_code", String(20), nullable=False),
    Column("subcategory_code", String(40), nullable=False, default=""),
    Column("received_at", DateTime(timezone=True)),
    Column("assigned_at", DateTime(timezone=True), nullable=False),  # first assignment: deadlines start
    Column("reassigned_at", DateTime(timezone=True)),  # latest move to another agency, if any
    Column("state", String(30), nullable=False),  # reply.domain.replies.CaseState values
    Column("closed_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Processing deadlines (PET-7.4, PET-7.4-B): at most one open (met_at IS NULL) per case.
deadlines = Table(
    "deadlines",
    metadata,
    Column("case_number", String(20), ForeignKey("cases.case_number"), primary_key=True),
    Column("rule", String(20), primary_key=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("due", DateTime(timezone=True), nullable=False),
    Column("met_at", DateTime(timezone=True)),
)

# Every reply as the handler wrote it (PET-7.3). Only its masked copy (below) ever leaves the service.
replies = Table(
    "replies",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("case_number", String(20), ForeignKey("cases.case_number"), nullable=False),
    Column("level", String(1), nullable=False),  # "A" | "B"
    Column("content", Text, nullable=False),
    Column("handler", String(100), nullable=False, default=""),
    Column("case_item", String(200), nullable=False, default=""),
    Column("legality_question", Boolean, nullable=False, default=False),
    Column("agency_code", String(20), nullable=False),  # the agency that replied
    Column("replied_at", DateTime(timezone=True), nullable=False),
)

# Masked copies (PET-7.3, PET-12): per reply, one of the reply and one of the case content.
# ``spans`` is [[start, end, TYPE], …] (code-point offsets, disjoint, sorted). The original of a reply
# copy is ``replies.content`` (via reply_id); the original case content (from intake) is kept in
# ``original_text`` only while spans may still change and is cleared when the copy is published.
# The petitioner's contact (the engine's known context) is never stored: only the spans it produced.
masked_copies = Table(
    "masked_copies",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("reply_id", BigInteger, ForeignKey("replies.id"), nullable=False),
    Column("case_number", String(20), ForeignKey("cases.case_number"), nullable=False),
    Column("kind", String(20), nullable=False),  # reply.domain.masked_copies.CopyKind
    Column("agency_code", String(20), nullable=False),
    Column("original_text", Text),
    Column("masked_text", Text, nullable=False),
    Column("spans", JSONB, nullable=False),
    Column("state", String(20), nullable=False),  # reply.domain.masked_copies.CopyState
    Column("replied_at", DateTime(timezone=True), nullable=False),
    Column("due", DateTime(timezone=True), nullable=False),  # PET-7.3
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reviewed_by", String(200)),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("published_at", DateTime(timezone=True)),
    UniqueConstraint("reply_id", "kind", name="masked_copies_reply_kind"),
)

# Every change to a masked copy and every request for its original: who, when, what. Spans are
# recorded as offsets and type only — never the characters they cover.
masking_audit = Table(
    "masking_audit",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("copy_id", BigInteger, ForeignKey("masked_copies.id"), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(30), nullable=False),  # reply.domain.masked_copies.AuditAction
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("span_type", String(20)),
    Column("reason", Text, nullable=False, default=""),
)

# reply's copy of the closure days alerts declared (closure_declared); deadlines count with them.
closure_days = define_closure_table(metadata)
#: The office calendar with the recorded whole-city closures (cached briefly).
closure_calendar = ClosureCalendar(closure_days)

outbox, inbox = define_tables(metadata)
