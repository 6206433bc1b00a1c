"""Unit tier of alerts: pure rules only (weeks, thresholds, request parsing) — no database, broker,
network or service process; every instant is written out with its offset."""
