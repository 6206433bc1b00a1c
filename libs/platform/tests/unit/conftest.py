"""Unit tier of civicase_platform: pure code, no network, no database; fast."""
