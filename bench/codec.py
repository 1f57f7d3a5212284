"""How each backend wants dates, timestamps, money and booleans written.

The generator produces days as ordinals and timestamps as (ordinal, second of day); a codec turns
them into what the loader needs: ISO strings for SQLite (the exact text Tortoise stores:
``2026-01-02`` and ``2026-01-02 03:04:05.000006+00:00``), Python objects for asyncpg's binary
COPY. Day values are cached: the whole dataset uses a few thousand distinct days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

UTC = dt.UTC


class Codec:
    def __init__(self, *, sqlite: bool) -> None:
        self.sqlite = sqlite
        self._days: dict[int, Any] = {}

    def day(self, ordinal: int | None) -> Any:
        if ordinal is None:
            return None
        value = self._days.get(ordinal)
        if value is None:
            date = dt.date.fromordinal(ordinal)
            value = date.isoformat() if self.sqlite else date
            self._days[ordinal] = value
        return value

    def date(self, date: dt.date | None) -> Any:
        return None if date is None else self.day(date.toordinal())

    def ts(self, ordinal: int, second: int, micro: int = 0) -> Any:
        """A UTC timestamp ``second`` seconds into day ``ordinal``."""
        h, rest = divmod(second, 3600)
        m, s = divmod(rest, 60)
        if self.sqlite:
            return f"{self.day(ordinal)} {h:02d}:{m:02d}:{s:02d}.{micro:06d}+00:00"
        d = dt.date.fromordinal(ordinal)
        return dt.datetime(d.year, d.month, d.day, h, m, s, micro, tzinfo=UTC)

    def money(self, fen: int | None) -> Any:
        """An amount in fen (0.01 yuan) as a two-decimal value."""
        if fen is None:
            return None
        text = f"{fen // 100}.{fen % 100:02d}"
        return text if self.sqlite else Decimal(text)

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value
