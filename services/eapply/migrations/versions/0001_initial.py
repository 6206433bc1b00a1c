"""Service catalogue, applications, daily application serials, outbox and inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from civicase_platform.migrations import create_outbox_and_inbox

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_services",
        sa.Column("code", sa.String(60), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False, server_default=""),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("agency_number", sa.String(3), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("processing_days", sa.Integer, nullable=False),
        sa.Column("day_unit", sa.String(10), nullable=False),
        sa.Column("documents", JSONB, nullable=False),
        sa.Column("exempt_documents", JSONB, nullable=False),
        sa.Column("fee", sa.Integer, nullable=False),
        sa.Column("online_fee", sa.Integer),
        sa.Column("e_signature_accepted", sa.Boolean, nullable=False),
        sa.Column("payment_first", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("active", sa.Boolean, nullable=False, server_default="true"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "applications",
        sa.Column("application_number", sa.String(24), primary_key=True),
        sa.Column("service_code", sa.String(60), sa.ForeignKey("catalogue_services.code"), nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("applicant_name", sa.String(100), nullable=False),
        sa.Column("applicant_email", sa.String(200), nullable=False, server_default=""),
        sa.Column("applicant_phone", sa.String(30), nullable=False, server_default=""),
        sa.Column("form", JSONB, nullable=False),
        sa.Column("documents", JSONB, nullable=False),
        sa.Column("appointment_at", sa.DateTime(timezone=True)),
        sa.Column("fee", sa.Integer, nullable=False),
        sa.Column("amount_paid", sa.Integer, nullable=False, server_default="0"),
        sa.Column("paid_at", sa.DateTime(timezone=True)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clock_started_at", sa.DateTime(timezone=True)),
        sa.Column("due", sa.DateTime(timezone=True)),
    )
    op.create_index("applications_agency_state", "applications", ["agency_code", "state", "received_at"])
    op.create_table(
        "application_serials",
        sa.Column("agency_number", sa.String(3), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("last_serial", sa.Integer, nullable=False),
    )
    create_outbox_and_inbox()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("application_serials")
    op.drop_table("applications")
    op.drop_table("catalogue_services")
