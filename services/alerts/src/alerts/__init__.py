"""civicase alerts service."""
