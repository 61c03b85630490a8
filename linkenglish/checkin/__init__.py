"""Self check-in with a code that changes every minute."""
