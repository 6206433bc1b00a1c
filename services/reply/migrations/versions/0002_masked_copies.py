"""Masked copies of replies and case content, and their audit (PET-7.3, PET-12).

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
    op.create_table(
        "masked_copies",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("reply_id", sa.BigInteger, sa.ForeignKey("replies.id"), nullable=False),
        sa.Column("case_number", sa.String(20), sa.ForeignKey("cases.case_number"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("original_text", sa.Text),
        sa.Column("masked_text", sa.Text, nullable=False),
        sa.Column("spans", JSONB, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("reviewed_by", sa.String(200)),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("reply_id", "kind", name="masked_copies_reply_kind"),
    )
    op.create_index("masked_copies_case", "masked_copies", ["case_number", "id"])
    # The clerks' queue and the auto-publication timer read unpublished copies by due.
    op.create_index("masked_copies_pending_due", "masked_copies", ["due"],
                    postgresql_where=sa.text("state = 'pending_review'"))
    op.create_table(
        "masking_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("copy_id", sa.BigInteger, sa.ForeignKey("masked_copies.id"), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("span_type", sa.String(20)),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("masking_audit_copy", "masking_audit", ["copy_id", "id"])


def downgrade() -> None:
    op.drop_table("masking_audit")
    op.drop_table("masked_copies")
