"""Routing's tables (its own database ``civicase_routing``); the migrations create exactly these.

The directory tables (agencies, categories, subcategories) are loaded from the packaged taxonomy by
``routing.adapters.directory_loader``; assignments are routing's own record of where each case went.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)

from civicase_platform.outbox import JsonType, define_tables

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
    # PET-5: what the routing model said when the case arrived. predicted_* is its top choice, kept after
    # any dispatch or re-assignment so its first-try accuracy can be reported against the final labels.
    Column("model_version", Integer, nullable=True),
    Column("confidence", Float, nullable=True),
    Column("predicted_subcategory_code", String(40), nullable=True),
    Column("predicted_agency_code", String(20), nullable=True),
    Column("suggestions", JsonType, nullable=False, default=list),
    Column("auto_assigned", Boolean, nullable=False, default=False),
    # PET-9.5: the last re-assignment.
    Column("reassigned_at", DateTime(timezone=True), nullable=True),
    Column("reassigned_by", String(100), nullable=False, default=""),
    Column("reassign_reason", Text, nullable=False, default=""),
    Column("reassignments", Integer, nullable=False, default=0),
)
Index("assignments_status_received_at", assignments.c.status, assignments.c.received_at)
Index("assignments_received_at", assignments.c.received_at)

# PET-5: every trained routing model, with its held-out metrics; exactly one is promoted (routes new cases).
model_versions = Table(
    "model_versions",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("training_set", Text, nullable=False),
    Column("training_examples", Integer, nullable=False),
    Column("corrections", Integer, nullable=False, default=0),
    Column("metrics", JsonType, nullable=False),
    Column("promoted", Boolean, nullable=False, default=False),
    Column("promoted_at", DateTime(timezone=True), nullable=True),
    # zlib-compressed pickle of routing.domain.classifier.Classifier, written only by this service and its
    # CLI; model_format names the code and library versions that can read it.
    Column("model", LargeBinary, nullable=False),
    Column("model_sha256", String(64), nullable=False),
    Column("model_format", String(200), nullable=False),
)
Index("model_versions_one_promoted", model_versions.c.promoted, unique=True,
      postgresql_where=text("promoted"))

# PET-5: the confidence an agency wants before its cases are auto-assigned (else the global default).
agency_thresholds = Table(
    "agency_thresholds",
    metadata,
    Column("agency_code", String(20), ForeignKey("agencies.code"), primary_key=True),
    Column("threshold", Float, nullable=False),
    Column("set_by", String(100), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

# PET-5 learning from corrections: one labelled example per manual dispatch (PET-6.1), re-assignment
# (PET-9.5) or settled jurisdiction dispute (PET-9.4). The text is the petition's, fetched from intake;
# `retrain` adds these rows to the training corpus.
corrections = Table(
    "corrections",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("case_number", String(20), nullable=False, index=True),
    Column("source", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("subcategory_code", String(40), nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("wrong_subcategory_code", String(40), nullable=False, default=""),
    Column("wrong_agency_code", String(20), nullable=False, default=""),
    Column("model_version", Integer, nullable=True),
    Column("actor", String(100), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

outbox, inbox = define_tables(metadata)
