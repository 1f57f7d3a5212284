"""The one clock. Public scoping depends on "today" in China Standard Time.

Tests pin time with :func:`frozen`; nothing else reads the system clock directly. The pin is a
process-wide value (not a context variable) so that it reaches every task of the event loop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")
_pinned: list[dt.datetime] = []


def now() -> dt.datetime:
    """Aware current time in CST."""
    return _pinned[-1] if _pinned else dt.datetime.now(CST)


def today() -> dt.date:
    return now().astimezone(CST).date()


@contextlib.contextmanager
def frozen(at: dt.datetime | dt.date) -> Iterator[None]:
    """Pin the clock (a date means 10:00 CST that day)."""
    if isinstance(at, dt.datetime):
        moment = at if at.tzinfo else at.replace(tzinfo=CST)
    else:
        moment = dt.datetime.combine(at, dt.time(10, 0), tzinfo=CST)
    _pinned.append(moment)
    try:
        yield
    finally:
        _pinned.pop()
