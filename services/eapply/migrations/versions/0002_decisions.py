"""Decisions on applications (APP-10.3.2 rejection, APP-10.3.3 approval): when, by whom, why.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("applications", sa.Column("decided_at", sa.DateTime(timezone=True)))
    op.add_column("applications", sa.Column("decided_by", sa.String(100), nullable=False, server_default=""))
    op.add_column("applications", sa.Column("decision_reason", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    for column in ("decision_reason", "decided_by", "decided_at"):
        op.drop_column("applications", column)
