"""Alembic environment of the routing database."""

from civicase_platform.migrations import run_migrations

run_migrations("routing")
