"""Routing's tables (its own database ``civicase_routing``); the migrations create exactly these.

The directory tables (agencies, categories, subcategories) are loaded from the packaged taxonomy by
``routing.adapters.directory_loader``; assignments are routing's own record of where each case went.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, MetaData, String, Table, Text, func

from civicase_platform.outbox import define_tables

metadata = MetaData()

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("number", String(3), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("name_en", String(200), nullable=False, default=""),
    # A unit's parent agency (PET-9.4 escalates along it); NULL for a top-level agency.
    Column("parent_code", String(20), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

categories = Table(
    "categories",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

subcategories = Table(
    "subcategories",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("category", String(40), ForeignKey("categories.code"), nullable=False),
    Column("default_agency_code", String(20), ForeignKey("agencies.code"), nullable=False),
    # PET-6.3: petitions in this sub-category may only be filed through the verified sign-on.
    Column("verified_identity_required", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Where each registered case went: assigned automatically, or waiting for / dispatched by a receptionist.
assignments = Table(
    "assignments",
    metadata,
    Column("case_number", String(20), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(40), nullable=False),
    # The sub-category the citizen chose, as it arrived (may be empty or unknown).
    Column("subcategory_hint", String(100), nullable=False, default=""),
    Column("subcategory_code", String(40), ForeignKey("subcategories.code"), nullable=True),
    Column("agency_code", String(20), ForeignKey("agencies.code"), nullable=True),
    Column("queue_reason", Text, nullable=False, default=""),
    Column("assigned_at", DateTime(timezone=True), nullable=True),
    Column("manual", Boolean, nullable=False, default=False),
    # Who assigned it: "routing" for the automatic rule, else the receptionist who dispatched it.
    Column("assigned_by", String(100), nullable=False, default=""),
    Column("queued_at", DateTime(timezone=True), nullable=True),
    Column("dispatched_at", DateTime(timezone=True), nullable=True),
    Column("dispatched_by", String(100), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("assignments_status_received_at", assignments.c.status, assignments.c.received_at)

outbox, inbox = define_tables(metadata)
