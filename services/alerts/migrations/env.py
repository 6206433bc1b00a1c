"""Alembic environment of the alerts database."""

from civicase_platform.migrations import run_migrations

run_migrations("alerts")
