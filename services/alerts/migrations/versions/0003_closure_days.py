"""Closure days (typhoon 停班) declared by an administrator ("Calendar (closures)").

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from civicase_platform.closures import closure_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("closure_days", *closure_columns())


def downgrade() -> None:
    op.drop_table("closure_days")
