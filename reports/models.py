"""Board reports (frozen snapshots) live here."""
