"""Pure domain rules of the survey service (no I/O)."""
