"""Weekly volume read model (cases per receipt week), deadlines board seed, outbox and inbox.

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
        "week_cases",
        sa.Column("case_number", sa.String(40), primary_key=True),
        sa.Column("subcategory_code", sa.String(40), nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week", sa.Date, nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    # WARN-1 reads one sub-category over a range of weeks; the dashboard reads one week across
    # sub-categories. Each query has its own index, and both are index-only for a COUNT(*).
    op.create_index("week_cases_subcategory_week", "week_cases", ["subcategory_code", "week"])
    op.create_index("week_cases_week_subcategory", "week_cases", ["week", "subcategory_code"])
    op.create_table(
        "deadlines",
        sa.Column("rule", sa.String(30), primary_key=True),
        sa.Column("subject", sa.String(40), primary_key=True),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("due", sa.DateTime(timezone=True)),
        sa.Column("opened_at", sa.DateTime(timezone=True)),
        sa.Column("met_at", sa.DateTime(timezone=True)),
    )
    # The control board lists open deadlines by due date (稽催).
    op.create_index("deadlines_open_by_due", "deadlines", ["due"], postgresql_where=sa.text("met_at IS NULL"))
    create_outbox_and_inbox()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("deadlines")
    op.drop_table("week_cases")
