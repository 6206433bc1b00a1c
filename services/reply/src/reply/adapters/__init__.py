"""Adapters of the reply service: its tables and outside systems."""
