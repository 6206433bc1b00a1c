"""Routing's adapters: tables, the taxonomy loader and other outside systems."""
