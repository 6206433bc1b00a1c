"""Alembic environment of the survey database."""

from civicase_platform.migrations import run_migrations

run_migrations("survey")
