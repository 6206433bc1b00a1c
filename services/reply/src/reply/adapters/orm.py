"""Reply's tables (its own database ``civicase_reply``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    func,
)

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

# Every reply as the handler wrote it (PET-7.3). Masked copies (PET-7.3, PET-12) come with masking.
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

outbox, inbox = define_tables(metadata)
