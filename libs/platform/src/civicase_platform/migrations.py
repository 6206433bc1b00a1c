"""Alembic support shared by the services: the env.py body and the platform's own tables.

Each service's ``migrations/env.py`` calls ``run_migrations("<service>")``; the database URL comes from
``DATABASE_URL`` (or the ``-x url=…`` option, which tests use), else the local ``civicase_<service>``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects.postgresql import JSONB

from civicase_platform import settings
from civicase_platform.db import make_engine


def run_migrations(service: str) -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or settings.database_url(service)
    engine = make_engine(url, pool_size=1, max_overflow=0)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def create_outbox_and_inbox() -> None:
    """The tables of ``civicase_platform.outbox.define_tables`` (first migration of every service)."""
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("exchange", sa.String(100), nullable=False),
        sa.Column("routing_key", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False, server_default=""),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("correlation_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unroutable", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("last_error", sa.Text),
    )
    # The relay only ever looks for unsent rows: keep that lookup small however long the table grows.
    op.create_index("outbox_unsent", "outbox", ["seq"], postgresql_where=sa.text("sent_at IS NULL"))
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(200), primary_key=True),
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
