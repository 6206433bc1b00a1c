"""Unit tier of eapply: the pure rules in ``eapply.domain`` (catalogue, validation, numbering, APP-11 due
dates) with the real office calendar (the ``holidays`` package) — no database, broker or service process.
Every instant is written out with its offset; "now" is always passed in."""
