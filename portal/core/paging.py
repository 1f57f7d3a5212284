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
        if not isinstance(value, str | int | float) or isinstance(value, bool):
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
    """One page of ``first`` rows after the cursor; ``order`` must end with a unique key."""
    if after:
        fields_map = qs.model._meta.fields_map
        raw = decode_cursor(after, order)
        try:
            values = [
                fields_map[key.lstrip("-")].to_python_value(value)
                for key, value in zip(order, raw, strict=True)
            ]
        except (TypeError, ValueError):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after") from None
        qs = qs.filter(after_q(order, values))
    rows = await qs.order_by(*order).limit(first + 1)
    has_next = len(rows) > first
    rows = rows[:first]
    return Page(rows, [encode_cursor(r, order) for r in rows], has_next, bool(after))
