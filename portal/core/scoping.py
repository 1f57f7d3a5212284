"""Filter helpers shared by the public selectors (region/industry prefixes, date ranges)."""

from __future__ import annotations

import datetime as dt

from tortoise.expressions import Q

from portal.core.errors import InvalidInput


def region_prefix(code: str) -> str:
    """GB/T 2260: a province code covers its cities and counties, a city its counties."""
    if len(code) != 6 or not code.isdigit():
        raise InvalidInput("行政区划代码应为6位数字（GB/T 2260）。", field="region")
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def prefix_q(field: str, prefix: str) -> Q:
    """``field`` starts with ``prefix``, as a range that an index can serve.

    ``startswith`` on a foreign-key column became ``CAST(… AS VARCHAR) LIKE 'p%'``, which no
    index serves (docs/benchmarks.md §3); codes are ASCII, so ``p ≤ value < p⁺`` is the same set.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def region_q(code: str | None, field: str) -> Q:
    if not code:
        return Q()
    prefix = region_prefix(code)
    return Q(**{field: code}) if len(prefix) == 6 else prefix_q(field, prefix)


def industry_q(code: str | None, field: str) -> Q:
    """GB/T 4754: "C" (门类) covers "C13" (大类), "C139", "C1391"."""
    if not code:
        return Q()
    code = code.strip().upper()
    if not (1 <= len(code) <= 5 and "A" <= code[0] <= "T" and (len(code) == 1 or code[1:].isdigit())):
        raise InvalidInput("行业代码格式应为门类字母加数字，例如 C 或 C1391（GB/T 4754）。", field="industry")
    return prefix_q(field, code)


def date_range_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    if start and end and start > end:
        raise InvalidInput("起始日期不能晚于结束日期。", field="dateFrom")
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q
