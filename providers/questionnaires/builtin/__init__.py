"""The built-in vetting questionnaire, split by subject (see defaults.py for the order)."""
