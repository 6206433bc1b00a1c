"""Alembic environment of the eapply database."""

from civicase_platform.migrations import run_migrations

run_migrations("eapply")
