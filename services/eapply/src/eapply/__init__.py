"""civicase eapply service."""
