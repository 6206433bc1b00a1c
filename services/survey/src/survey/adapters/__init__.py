"""Adapters of the survey service: its tables and outside systems."""
