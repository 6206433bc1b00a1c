"""Unit tier of the survey service: domain rules only.

Rules: no I/O at all — no database, broker, network or files; each test pins one rule (PET-10, PET-11).
"""
