"""Performance pages, split by what they show."""
