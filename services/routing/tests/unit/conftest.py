"""Unit tier of routing: pure rules only (assignment choice, dispatch validation, classifier helpers) —
no database, broker, network or service process; the directory is passed in as plain mappings."""
