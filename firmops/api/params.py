"""Query parameters that name rows by id."""

MAX_ID = 2**63 - 1  # a bigint; a larger number names no row, and databases refuse to compare with it


def safe_id(value: str) -> int:
    """A decimal string as an id; one past any bigint becomes 0, which no row has (not a database error)."""
    number = int(value)
    return number if number <= MAX_ID else 0
