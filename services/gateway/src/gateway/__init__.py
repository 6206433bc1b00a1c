"""civicase gateway service."""
