"""civicase reply service."""
