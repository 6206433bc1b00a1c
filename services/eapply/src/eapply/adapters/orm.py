"""eapply's tables (its own database ``civicase_eapply``); the migrations create exactly these.

``applications`` holds the applicant's personal data (name, e-mail, phone, form): it never leaves this
database in events or logs.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB

from civicase_platform.closures import ClosureCalendar, define_closure_table
from civicase_platform.outbox import define_tables

metadata = MetaData()

# The time-limit table (APP-3, APP-7), loaded from data/catalogue.yaml at every start.
catalogue_services = Table(
    "catalogue_services",
    metadata,
    Column("code", String(60), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=False, default=""),
    Column("agency_code", String(20), nullable=False),
    Column("agency_number", String(3), nullable=False),
    Column("type", String(20), nullable=False),
    Column("processing_days", Integer, nullable=False),
    Column("day_unit", String(10), nullable=False),
    Column("documents", JSONB, nullable=False),
    Column("exempt_documents", JSONB, nullable=False),
    Column("fee", Integer, nullable=False),
    Column("online_fee", Integer),
    Column("e_signature_accepted", Boolean, nullable=False),
    Column("payment_first", Boolean, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

applications = Table(
    "applications",
    metadata,
    Column("application_number", String(24), primary_key=True),
    Column("service_code", String(60), ForeignKey("catalogue_services.code"), nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("state", String(30), nullable=False),
    Column("applicant_name", String(100), nullable=False),
    Column("applicant_email", String(200), nullable=False, default=""),
    Column("applicant_phone", String(30), nullable=False, default=""),
    Column("form", JSONB, nullable=False),
    Column("documents", JSONB, nullable=False),
    Column("appointment_at", DateTime(timezone=True)),
    Column("fee", Integer, nullable=False),
    Column("amount_paid", Integer, nullable=False, default=0),
    Column("paid_at", DateTime(timezone=True)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("clock_started_at", DateTime(timezone=True)),
    Column("due", DateTime(timezone=True)),
    # APP-10.3.2 / APP-10.3.3: the decision, who took it and why (a rejection's reason goes to the applicant).
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", String(100), nullable=False, default=""),
    Column("decision_reason", Text, nullable=False, default=""),
)

# One row per agency and Taipei day; incremented atomically to number applications.
application_serials = Table(
    "application_serials",
    metadata,
    Column("agency_number", String(3), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last_serial", Integer, nullable=False),
)

# eapply's copy of the closure days alerts declared (closure_declared); APP-11 counts with them.
closure_days = define_closure_table(metadata)
#: The office calendar with the recorded whole-city closures (cached briefly).
closure_calendar = ClosureCalendar(closure_days)

outbox, inbox = define_tables(metadata)
