"""Cases, daily case serials, outbox and inbox.

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
        sa.Column("agency_number", sa.String(3), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("subcategory", sa.String(40), nullable=False, server_default=""),
        sa.Column("subject", sa.String(200), nullable=False, server_default=""),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=False, server_default="zh-TW"),
        sa.Column("anonymous", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("petitioner_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("petitioner_email", sa.String(200), nullable=False, server_default=""),
        sa.Column("petitioner_phone", sa.String(30), nullable=False, server_default=""),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("cases_received_at", "cases", ["received_at"])
    op.create_table(
        "case_serials",
        sa.Column("agency_number", sa.String(3), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("last_serial", sa.Integer, nullable=False),
    )
    create_outbox_and_inbox()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("case_serials")
    op.drop_table("cases")
