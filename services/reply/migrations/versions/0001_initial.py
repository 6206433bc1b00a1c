"""Assigned cases, their processing deadlines, replies, outbox and inbox.

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
        "cases",
        sa.Column("case_number", sa.String(20), primary_key=True),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("subcategory_code", sa.String(40), nullable=False, server_default=""),
        sa.Column("received_at", sa.DateTime(timezone=True)),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reassigned_at", sa.DateTime(timezone=True)),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("cases_agency_state", "cases", ["agency_code", "state"])
    op.create_table(
        "deadlines",
        sa.Column("case_number", sa.String(20), sa.ForeignKey("cases.case_number"), primary_key=True),
        sa.Column("rule", sa.String(20), primary_key=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("met_at", sa.DateTime(timezone=True)),
    )
    op.create_index("deadlines_open_due", "deadlines", ["due"], postgresql_where=sa.text("met_at IS NULL"))
    op.create_table(
        "replies",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("case_number", sa.String(20), sa.ForeignKey("cases.case_number"), nullable=False),
        sa.Column("level", sa.String(1), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("handler", sa.String(100), nullable=False, server_default=""),
        sa.Column("case_item", sa.String(200), nullable=False, server_default=""),
        sa.Column("legality_question", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("replies_case", "replies", ["case_number", "id"])
    create_outbox_and_inbox()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("replies")
    op.drop_table("deadlines")
    op.drop_table("cases")
