"""Alembic environment of the reply database."""

from civicase_platform.migrations import run_migrations

run_migrations("reply")
