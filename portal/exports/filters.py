"""Filter values of an export → the keyword arguments of the kind's public selector.

The channel checks a form first and shows its messages; this is the domain's own check, so
that no value reaches a selector unconverted and an unknown name is refused, not ignored.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any

from portal.core.errors import InvalidInput
from portal.core.pk import parse_pk
from portal.exports import texts

Coerce = Callable[[object], Any]


class _Bad(ValueError):
    pass


def text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad
    return value.strip()


def record_id(value: object) -> int:
    """A record number; one that cannot exist becomes 0, which matches nothing (as in the API)."""
    raw = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 20):
        raise _Bad
    return parse_pk(raw) or 0


def date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _Bad
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Bad from None


def year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Bad
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise _Bad
    return int(value)


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad
    return value


def choice(kind: type[enum.Enum]) -> Coerce:
    """A member of ``kind`` by its name as it appears in URLs (``SERIOUS``)."""

    def coerce(value: object) -> enum.Enum:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str) or value not in kind.__members__:
            raise _Bad
        return kind[value]

    return coerce


def convert(spec: Mapping[str, Coerce], values: Mapping[str, object]) -> dict[str, Any]:
    """Selector arguments for ``values``; :class:`InvalidInput` names the first bad one."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        coerce = spec.get(name)
        if coerce is None:
            raise InvalidInput(texts.UNKNOWN_FILTER.format(name=name), field=name)
        try:
            out[name] = coerce(value)
        except _Bad:
            raise InvalidInput(texts.BAD_FILTER.format(name=name), field=name) from None
    return out
