"""Intake's rules: case numbers, case passwords and what a valid petition is (PET-6)."""
