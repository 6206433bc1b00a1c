"""Agency directory (agencies, categories, sub-categories), assignments, outbox and inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from civicase_platform.migrations import create_outbox_and_inbox

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column("number", sa.String(3), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False, server_default=""),
        sa.Column("parent_code", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "categories",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "subcategories",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("category", sa.String(40), sa.ForeignKey("categories.code"), nullable=False),
        sa.Column("default_agency_code", sa.String(20), sa.ForeignKey("agencies.code"), nullable=False),
        sa.Column("verified_identity_required", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "assignments",
        sa.Column("case_number", sa.String(20), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("subcategory_hint", sa.String(100), nullable=False, server_default=""),
        sa.Column("subcategory_code", sa.String(40), sa.ForeignKey("subcategories.code"), nullable=True),
        sa.Column("agency_code", sa.String(20), sa.ForeignKey("agencies.code"), nullable=True),
        sa.Column("queue_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manual", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("assigned_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dispatched_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    # The dispatch queue is read oldest first among PENDING_DISPATCH rows.
    op.create_index("assignments_status_received_at", "assignments", ["status", "received_at"])
    create_outbox_and_inbox()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("assignments")
    op.drop_table("subcategories")
    op.drop_table("categories")
    op.drop_table("agencies")
