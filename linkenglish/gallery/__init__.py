"""The public gallery: essays published with consent under a pen name, for anyone."""
