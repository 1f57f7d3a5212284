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


def keyset_parts(qs: QuerySet[M], order: list[str]) -> list[tuple[QuerySet[M], list[str]]]:
    """The parts of ``qs`` to read one after the other, each with its keyset order.

    Keyset conditions cannot compare with NULL, and SQLite and PostgreSQL disagree on where NULLs
    sort. So when the leading key may be empty (a regulation without an issue date) the rows that
    have one come first, then the others in the order of the remaining keys — on every database.
    """
    lead = order[0].lstrip("-")
    field = qs.model._meta.fields_map.get(lead)
    if field is None or not getattr(field, "null", False):
        return [(qs, order)]
    return [(qs.filter(**{f"{lead}__isnull": False}), order),
            (qs.filter(**{f"{lead}__isnull": True}), order[1:])]


async def fetch_page(
    qs: QuerySet[M], order: list[str], first: int, after: str | None
) -> Page[M]:
    """One page of ``first`` rows after the cursor; ``order`` must end with a unique key.

    A cursor may point into either part of :func:`keyset_parts` (its leading value is then
    empty); only the leading key may be empty, and only when the column allows it.
    """
    parts = keyset_parts(qs, order)
    cursor: list[Any] | None = None
    if after:
        fields_map = qs.model._meta.fields_map
        raw = decode_cursor(after, order)
        if any(v is None for v in raw[1:]) or (raw[0] is None and len(parts) == 1):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after")
        try:
            cursor = [
                None if value is None else fields_map[key.lstrip("-")].to_python_value(value)
                for key, value in zip(order, raw, strict=True)
            ]
        except (TypeError, ValueError):
            raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after") from None
        if cursor[0] is None:  # the cursor is in the second part
            parts, cursor = parts[1:], cursor[1:]
    rows: list[M] = []
    for part, part_order in parts:
        if cursor is not None:
            part, cursor = part.filter(after_q(part_order, cursor)), None
        rows += await part.order_by(*part_order).limit(first + 1 - len(rows))
        if len(rows) > first:
            break
    has_next = len(rows) > first
    rows = rows[:first]
    return Page(rows, [encode_cursor(r, order) for r in rows], has_next, bool(after))
