"""Intake's adapters: tables and the repository over them."""
