"""Unit tier of intake: pure rules (numbers, passwords, validation); no I/O."""
