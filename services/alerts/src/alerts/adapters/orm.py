"""Alerts' tables (its own database ``civicase_alerts``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
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
    Column("rule", String(60), primary_key=True),
    Column("subject", String(40), primary_key=True),
    Column("source", String(30), nullable=False),
    Column("agency_code", String(20), nullable=False, default=""),
    Column("due", DateTime(timezone=True)),
    Column("opened_at", DateTime(timezone=True)),
    Column("met_at", DateTime(timezone=True)),
)

# WARN-1: weeks already evaluated (claimed by the timer once per week, whatever the number of instances).
evaluated_weeks = Table(
    "evaluated_weeks",
    metadata,
    Column("week", Date, primary_key=True),
    Column("evaluated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("evaluated_by", String(100), nullable=False),
    Column("warnings", Integer, nullable=False, default=0),
)

# WARN-1: at most one warning per (sub-category, week); baseline sums kept so the verdict can be re-derived.
warnings = Table(
    "warnings",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("subcategory_code", String(40), nullable=False),
    Column("week", Date, nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("count", Integer, nullable=False),
    Column("baseline_weeks", Integer, nullable=False),
    Column("baseline_total", BigInteger, nullable=False),
    Column("baseline_total_sq", BigInteger, nullable=False),
    Column("mean", Float, nullable=False),
    Column("sd", Float, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("consecutive_weeks", Integer, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subcategory_code", "week", name="warnings_subcategory_week"),
)

# WARN-3.1..3.3: one analysis form per warning.
analysis_forms = Table(
    "analysis_forms",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("warning_id", BigInteger, ForeignKey("warnings.id"), nullable=False, unique=True),
    Column("agency_code", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("due", DateTime(timezone=True), nullable=False),
    Column("route_to_head", Boolean, nullable=False, default=False),
    Column("superior_agency_code", String(20), nullable=False, default=""),
    Column("analysis", Text, nullable=False, default=""),
    Column("measures", Text, nullable=False, default=""),
    Column("faq_update_needed", Boolean, nullable=False, default=False),
    Column("submitted_by", String(100), nullable=False, default=""),
    Column("submitted_at", DateTime(timezone=True)),
    Column("reviewed_by", String(100), nullable=False, default=""),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("review_comment", Text, nullable=False, default=""),
    Column("filed_at", DateTime(timezone=True)),
    Column("city_escalated_by", String(100), nullable=False, default=""),
    Column("city_escalated_at", DateTime(timezone=True)),
    Column("city_escalation_reason", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# WARN-2: each agency's authorised staff (role: rdec_staff, rdec_officer, agency_head) and every change.
authorised_staff = Table(
    "authorised_staff",
    metadata,
    Column("agency_code", String(20), primary_key=True),
    Column("subject", String(100), primary_key=True),
    Column("name", String(100), nullable=False, default=""),
    Column("email", String(254), nullable=False),
    Column("role", String(20), nullable=False),
    Column("added_by", String(100), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

authorised_staff_changes = Table(
    "authorised_staff_changes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("agency_code", String(20), nullable=False),
    Column("subject", String(100), nullable=False),
    Column("action", String(10), nullable=False),
    Column("role", String(20), nullable=False, default=""),
    Column("email", String(254), nullable=False, default=""),
    Column("changed_by", String(100), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False, default=""),
)

# Read model of routing's agency directory (code → parent), refreshed from RoutingService.ListAgencies.
agencies = Table(
    "agencies",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(100), nullable=False, default=""),
    Column("parent_code", String(20), nullable=False, default=""),
    Column("synced_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Outgoing e-mail; Message-ID is derived from ``id``; ``dedupe_key`` makes each notice unique.
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(300), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("recipients", JSONB, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

# PET-14.3: reminders and overdue escalations already decided (one per deadline, kind and due instant).
deadline_notices = Table(
    "deadline_notices",
    metadata,
    Column("rule", String(60), primary_key=True),
    Column("subject", String(40), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("due", DateTime(timezone=True), primary_key=True),
    Column("mail_id", BigInteger),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Closure days (typhoon 停班) declared here — alerts owns the list ("Calendar (closures)"); announced as
# closure_declared so every service keeps its own copy. Unique day + scope.
closure_days = define_closure_table(metadata)
#: The office calendar with the recorded whole-city closures (cached briefly).
closure_calendar = ClosureCalendar(closure_days)

outbox, inbox = define_tables(metadata)
