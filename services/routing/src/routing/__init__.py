"""civicase routing service."""
