"""civicase survey service."""
