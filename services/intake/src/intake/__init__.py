"""civicase intake service."""
