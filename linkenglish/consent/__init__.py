"""Consent to publish, the identity check, publication and withdrawal."""
