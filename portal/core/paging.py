"""Keyset pagination over a Tortoise queryset.

Offsets get slower with every page on large tables; a keyset cursor (the sort-key values of the
last row) keeps every page an index range scan. Cursors are opaque base64 JSON; a bad cursor is
an :class:`InvalidInput`, never a crash.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput

M = TypeVar("M", bound=Model)


@dataclass
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next: bool
    has_previous: bool


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):  # enum
        return value.value
    return value


def encode_cursor(row: Model, order: list[str]) -> str:
    values = [_encode_value(getattr(row, key.lstrip("-"))) for key in order]
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: list[str]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after") from None
    if not isinstance(values, list) or len(values) != len(order):
        raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after")
    for value in values:
        if value is not None and (not isinstance(value, str | int | float) or isinstance(value, bool)):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after")
    return values


def after_q(order: list[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``order`` (lexicographic keyset condition)."""
    clauses: list[Q] = []
    for i, key in enumerate(order):
        name = key.lstrip("-")
        op = "lt" if key.startswith("-") else "gt"
        equal = {order[j].lstrip("-"): values[j] for j in range(i)}
        clauses.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def clamp(first: int | None, default: int, maximum: int) -> int:
    if first is None:
        return default
    if first < 0:
        raise InvalidInput("first 不能为负数。", field="first")
    if first > maximum:
        raise InvalidInput(f"每页最多 {maximum} 条（first ≤ {maximum}）。", field="first")
    return first


async def fetch_page(
    qs: QuerySet[M], order: list[str], first: int, after: str | None
) -> Page[M]:
    """One page of ``first`` rows after the cursor; ``order`` must end with a unique key.

    A nullable leading key (e.g. a regulation's issue date, which old documents lack) puts the
    rows without a value after all the others, in either direction and on every database (SQLite
    and PostgreSQL disagree on where NULLs sort): those rows come from a second query in the
    order of the remaining keys, and a cursor can point into either part.
    """
    fields_map = qs.model._meta.fields_map
    lead = fields_map.get(order[0].lstrip("-"))
    nullable = lead is not None and bool(getattr(lead, "null", False))
    values: list[Any] | None = None
    if after:
        raw = decode_cursor(after, order)
        if any(v is None for v in raw[1:]) or (raw[0] is None and not nullable):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after")
        try:
            values = [
                None if value is None else fields_map[key.lstrip("-")].to_python_value(value)
                for key, value in zip(order, raw, strict=True)
            ]
        except (TypeError, ValueError):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after") from None
    if not nullable:
        if values is not None:
            qs = qs.filter(after_q(order, values))
        rows = await qs.order_by(*order).limit(first + 1)
    else:
        rows = await _nulls_last(qs, order, first + 1, values)
    has_next = len(rows) > first
    rows = rows[:first]
    return Page(rows, [encode_cursor(r, order) for r in rows], has_next, bool(after))


async def _nulls_last(qs: QuerySet[M], order: list[str], limit: int,
                      values: list[Any] | None) -> list[M]:
    lead, rest = order[0].lstrip("-"), order[1:]
    rows: list[M] = []
    if values is None or values[0] is not None:  # still among the rows that have a value
        valued = qs.filter(**{f"{lead}__isnull": False})
        if values is not None:
            valued = valued.filter(after_q(order, values))
        rows = list(await valued.order_by(*order).limit(limit))
    if len(rows) < limit:
        empty = qs.filter(**{f"{lead}__isnull": True})
        if values is not None and values[0] is None:
            empty = empty.filter(after_q(rest, values[1:]))
        rows += await empty.order_by(*rest).limit(limit - len(rows))
    return rows
