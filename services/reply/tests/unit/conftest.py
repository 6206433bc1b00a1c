"""Unit tier of the reply service: domain rules only.

Rules: no I/O at all — no database, broker, network or files beyond the code; instants are written
out with their offset (Asia/Taipei, +08:00) so each test reads like the rule it pins.
"""
