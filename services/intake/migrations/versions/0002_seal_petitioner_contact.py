"""Petitioner contact encrypted at rest: name, e-mail and phone move into one sealed column.

Existing rows are sealed with the current key of FIELD_ENCRYPTION_KEYS (required only when there are rows
with contact data to seal) and the plaintext columns are dropped. Downgrade opens them again.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

from civicase_platform.sealing import Sealer

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _context(case_number: str) -> str:
    return f"intake.cases.petitioner:{case_number}"  # the same as intake.handlers


def upgrade() -> None:
    op.add_column("cases", sa.Column("petitioner_sealed", sa.Text, nullable=False, server_default=""))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT case_number, petitioner_name, petitioner_email, petitioner_phone FROM cases "
        "WHERE petitioner_name <> '' OR petitioner_email <> '' OR petitioner_phone <> ''"
    )).all()
    if rows:
        sealer = Sealer.from_env()  # fails with a message naming FIELD_ENCRYPTION_KEYS
        for number, name, email, phone in rows:
            plain = json.dumps({"name": name, "email": email, "phone": phone}, ensure_ascii=False)
            conn.execute(sa.text("UPDATE cases SET petitioner_sealed = :s WHERE case_number = :n"),
                         {"s": sealer.seal(plain, context=_context(number)), "n": number})
    for column in ("petitioner_name", "petitioner_email", "petitioner_phone"):
        op.drop_column("cases", column)


def downgrade() -> None:
    op.add_column("cases", sa.Column("petitioner_name", sa.String(100), nullable=False, server_default=""))
    op.add_column("cases", sa.Column("petitioner_email", sa.String(200), nullable=False, server_default=""))
    op.add_column("cases", sa.Column("petitioner_phone", sa.String(30), nullable=False, server_default=""))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT case_number, petitioner_sealed FROM cases WHERE petitioner_sealed <> ''")).all()
    if rows:
        sealer = Sealer.from_env()
        for number, sealed in rows:
            data = json.loads(sealer.open(sealed, context=_context(number)))
            conn.execute(sa.text(
                "UPDATE cases SET petitioner_name = :a, petitioner_email = :e, petitioner_phone = :p "
                "WHERE case_number = :n"), {"a": data["name"], "e": data["email"], "p": data["phone"], "n": number})
    op.drop_column("cases", "petitioner_sealed")
