"""Alembic environment of the intake database."""

from civicase_platform.migrations import run_migrations

run_migrations("intake")
