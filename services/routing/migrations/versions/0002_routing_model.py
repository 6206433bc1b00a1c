"""Routing model in the live system (PET-5): model versions, per-agency thresholds, corrections, and what
the model said about each assignment; re-assignment (PET-9.5).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in (
        sa.Column("model_version", sa.Integer, nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("predicted_subcategory_code", sa.String(40), nullable=True),
        sa.Column("predicted_agency_code", sa.String(20), nullable=True),
        sa.Column("suggestions", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("auto_assigned", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("reassigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reassigned_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("reassign_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("reassignments", sa.Integer, nullable=False, server_default="0"),
    ):
        op.add_column("assignments", column)
    # The accuracy report groups assignments by receipt time.
    op.create_index("assignments_received_at", "assignments", ["received_at"])
    op.create_table(
        "model_versions",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("training_set", sa.Text, nullable=False),
        sa.Column("training_examples", sa.Integer, nullable=False),
        sa.Column("corrections", sa.Integer, nullable=False, server_default="0"),
        sa.Column("metrics", postgresql.JSONB, nullable=False),
        sa.Column("promoted", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("model", sa.LargeBinary, nullable=False),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("model_format", sa.String(200), nullable=False),
    )
    # At most one promoted version: promotion flips both rows in one transaction.
    op.create_index("model_versions_one_promoted", "model_versions", ["promoted"], unique=True,
                    postgresql_where=sa.text("promoted"))
    op.create_table(
        "agency_thresholds",
        sa.Column("agency_code", sa.String(20), sa.ForeignKey("agencies.code"), primary_key=True),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("case_number", sa.String(20), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("subcategory_code", sa.String(40), nullable=False),
        sa.Column("agency_code", sa.String(20), nullable=False),
        sa.Column("wrong_subcategory_code", sa.String(40), nullable=False, server_default=""),
        sa.Column("wrong_agency_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("model_version", sa.Integer, nullable=True),
        sa.Column("actor", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_corrections_case_number", "corrections", ["case_number"])


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_table("agency_thresholds")
    op.drop_table("model_versions")
    op.drop_index("assignments_received_at", "assignments")
    for name in ("reassignments", "reassign_reason", "reassigned_by", "reassigned_at", "auto_assigned",
                 "suggestions", "predicted_agency_code", "predicted_subcategory_code", "confidence",
                 "model_version"):
        op.drop_column("assignments", name)
