"""civicase_platform: the small shared library every civicase service imports (and that imports none)."""
