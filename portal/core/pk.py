"""The range of database primary keys.

Every table's key is a 32-bit integer on PostgreSQL: a number above its range in a URL or an API
argument is a record that cannot exist, not a database error.
"""

from __future__ import annotations

MAX_PK = 2**31 - 1


def in_range(value: int) -> bool:
    return 0 < value <= MAX_PK


def parse_pk(text: object) -> int | None:
    """A record number from a form or query string, or None when it is not one that can exist."""
    raw = str(text if text is not None else "").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 20):
        return None
    number = int(raw)
    return number if in_range(number) else None
