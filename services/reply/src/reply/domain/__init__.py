"""Pure domain rules of the reply service (no I/O)."""
