"""Early warnings, analysis forms, authorised staff, agency read model, mail outbox, deadline notices.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Any rule ID string is accepted on the board (other services add rules of their own).
    op.alter_column("deadlines", "rule", type_=sa.String(60))
    # The board reads one agency's open deadlines by due date (GetDeadlineBoard, PET-14.3).
    op.create_index("deadlines_open_by_agency_due", "deadlines", ["agency_code", "due"],
                    postgresql_where=sa.text("met_at IS NULL"))

    # WARN-1: one row per week that was evaluated; the timer claims a week here so that it is evaluated
    # once, however many alerts instances run.
    op.create_table(
        "evaluated_weeks",
        sa.Column("week", sa.Date, primary_key=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("evaluated_by", sa.String(100), nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
    )
    # WARN-1: one warning per sub-category and week, ever (the unique key makes re-evaluation harmless).
    op.create_table(
        "warnings",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("subcategory_code", sa.String(40), nullable=False),
        sa.Column("week", sa.Date, nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("baseline_weeks", sa.Integer, nullable=False),
        sa.Column("baseline_total", sa.BigInteger, nullable=False),
        sa.Column("baseline_total_sq", sa.BigInteger, nullable=False),
        sa.Column("mean", sa.Float, nullable=False),
        sa.Column("sd", sa.Float, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("consecutive_weeks", sa.Integer, nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("subcategory_code", "week", name="warnings_subcategory_week"),
    )
    op.create_index("warnings_week", "warnings", ["week"])
    op.create_index("warnings_agency_week", "warnings", ["agency_code", "week"])
    # WARN-3.1..3.3: the analysis form of each warning and its path (agency → RDEC-line review → filed).
    op.create_table(
        "analysis_forms",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("warning_id", sa.BigInteger, sa.ForeignKey("warnings.id"), nullable=False, unique=True),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("route_to_head", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("superior_agency_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("analysis", sa.Text, nullable=False, server_default=""),
        sa.Column("measures", sa.Text, nullable=False, server_default=""),
        sa.Column("faq_update_needed", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("submitted_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("reviewed_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("review_comment", sa.Text, nullable=False, server_default=""),
        sa.Column("filed_at", sa.DateTime(timezone=True)),
        sa.Column("city_escalated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("city_escalated_at", sa.DateTime(timezone=True)),
        sa.Column("city_escalation_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("analysis_forms_agency_state", "analysis_forms", ["agency_code", "state"])
    # WARN-2: who may watch the dashboard and receives warning mail, per agency, and every change to it.
    op.create_table(
        "authorised_staff",
        sa.Column("agency_code", sa.String(20), primary_key=True),
        sa.Column("subject", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, server_default=""),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "authorised_staff_changes",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("role", sa.String(20), nullable=False, server_default=""),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("authorised_staff_changes_agency", "authorised_staff_changes", ["agency_code", "id"])
    # Read model of routing's agency hierarchy (WARN-3.2: a second-level agency reports to its superior).
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, server_default=""),
        sa.Column("parent_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    # Outgoing e-mail (WARN-2, PET-14.3), written in the transaction that decided to send it; the relay
    # marks a row sent only after the SMTP server accepted it. dedupe_key makes "send once" a unique key.
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("dedupe_key", sa.String(300), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("recipients", JSONB, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("mail_outbox_unsent", "mail_outbox", ["id"], postgresql_where=sa.text("sent_at IS NULL"))
    # PET-14.3: one reminder / one escalation per deadline (rule, subject) and due instant.
    op.create_table(
        "deadline_notices",
        sa.Column("rule", sa.String(60), primary_key=True),
        sa.Column("subject", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("due", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("mail_id", sa.BigInteger),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    for table in ("deadline_notices", "mail_outbox", "agencies", "authorised_staff_changes", "authorised_staff",
                  "analysis_forms", "warnings", "evaluated_weeks"):
        op.drop_table(table)
    op.drop_index("deadlines_open_by_agency_due", "deadlines")
    op.alter_column("deadlines", "rule", type_=sa.String(30))
