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
    """Aware current time, in UTC.

    UTC, not CST, because SQLite stores aware datetimes as text with their offset and compares
    them as text: a CST value written by ``save()`` or passed to a filter such as
    ``published_at__lte`` against UTC-stored rows compared wrongly (a go-live 2 h ahead was
    public 8 h early). Use :func:`today` for the calendar day in China and :func:`local` to show
    a time.
    """
    return (_pinned[-1] if _pinned else dt.datetime.now(CST)).astimezone(dt.UTC)


def local(moment: dt.datetime | None = None) -> dt.datetime:
    """``moment`` (default now) in China Standard Time, for display."""
    return (moment or now()).astimezone(CST)


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
