"""Alerts' tables (its own database ``civicase_alerts``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, MetaData, String, Table, func

from civicase_platform.outbox import define_tables

metadata = MetaData()

# One row per case, as routing last assigned it: the weekly volume read model (WARN-1, WARN-2).
# ``week`` is the Monday (Asia/Taipei) of the receipt week; counts are GROUP BYs over it.
week_cases = Table(
    "week_cases",
    metadata,
    Column("case_number", String(40), primary_key=True),
    Column("subcategory_code", String(40), nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("week", Date, nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Every deadline another service opened or closed (DeadlineSet / DeadlineMet): the seed of the
# time-limit control board (稽催). One row per (rule, subject).
deadlines = Table(
    "deadlines",
    metadata,
    Column("rule", String(30), primary_key=True),
    Column("subject", String(40), primary_key=True),
    Column("source", String(30), nullable=False),
    Column("agency_code", String(20), nullable=False, default=""),
    Column("due", DateTime(timezone=True)),
    Column("opened_at", DateTime(timezone=True)),
    Column("met_at", DateTime(timezone=True)),
)

outbox, inbox = define_tables(metadata)
