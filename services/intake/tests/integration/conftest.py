"""Integration tier of intake: handlers on the real civicase_intake_test database (reset per module)."""
