"""Intake's tables (its own database ``civicase_intake``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, func

from civicase_platform.outbox import define_tables

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("case_number", String(20), primary_key=True),
    Column("agency_number", String(3), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("subcategory", String(40), nullable=False, default=""),
    Column("subject", String(200), nullable=False, default=""),
    Column("content", Text, nullable=False),
    Column("language", String(8), nullable=False, default="zh-TW"),
    Column("anonymous", Boolean, nullable=False, default=False),
    # name, e-mail and phone as one JSON object sealed with AES-256-GCM (civicase_platform.sealing), bound to
    # the case number; "" when the petitioner gave none. The plaintext never reaches the database.
    Column("petitioner_sealed", Text, nullable=False, default=""),
    Column("password_hash", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# One row per registering agency and Taipei day; incremented atomically to number cases.
case_serials = Table(
    "case_serials",
    metadata,
    Column("agency_number", String(3), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last_serial", Integer, nullable=False),
)

outbox, inbox = define_tables(metadata)
