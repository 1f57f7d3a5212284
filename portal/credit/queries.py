"""Public selectors for penalties and list entries: published, inside the display window and
not stopped by an approved credit repair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.core import clock
from portal.core.errors import NotFound
from portal.core.grouping import group_by
from portal.core.publication import public_q
from portal.core.scoping import date_range_q, industry_q, region_q
from portal.credit.models import ListEntry, ListKind, Penalty, Severity

PENALTY_ORDER = ["-decided_on", "-id"]
# A record whose credit repair was approved stops public display everywhere (docs/credit-repair.md).
NOT_REPAIRED = Q(repaired_at__isnull=True)
LIST_ORDER = ["-listed_on", "-id"]


def public_penalties(
    *,
    enterprise_id: int | None = None,
    department_id: int | None = None,
    severity: Severity | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> QuerySet[Penalty]:
    q = public_q(windowed=True) & NOT_REPAIRED & date_range_q("decided_on", date_from, date_to)
    q &= region_q(region, "enterprise__region_id") & industry_q(industry, "enterprise__industry_id")
    for name, value in (
        ("enterprise_id", enterprise_id), ("department_id", department_id), ("severity", severity)
    ):
        if value is not None:
            q &= Q(**{name: value})
    return Penalty.filter(q)


async def public_penalty(penalty_id: int) -> Penalty:
    found = await public_penalties().filter(id=penalty_id).first()
    if found is None:
        raise NotFound("未找到该行政处罚信息，或不在公示期内。")
    return found


def public_list_entries(
    *,
    kind: ListKind | None = None,
    enterprise_id: int | None = None,
    department_id: int | None = None,
    active: bool | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> QuerySet[ListEntry]:
    q = public_q(windowed=True) & NOT_REPAIRED & date_range_q("listed_on", date_from, date_to)
    q &= region_q(region, "enterprise__region_id") & industry_q(industry, "enterprise__industry_id")
    for name, value in (
        ("kind", kind), ("enterprise_id", enterprise_id), ("department_id", department_id)
    ):
        if value is not None:
            q &= Q(**{name: value})
    if active is not None:
        today = clock.today()
        current = Q(listed_on__lte=today) & (Q(removed_on__isnull=True) | Q(removed_on__gt=today))
        q &= current if active else ~current
    return ListEntry.filter(q)


async def public_list_entry(entry_id: int) -> ListEntry:
    found = await public_list_entries().filter(id=entry_id).first()
    if found is None:
        raise NotFound("未找到该名录信息，或不在公示期内。")
    return found


def is_active(entry: ListEntry, on: dt.date | None = None) -> bool:
    day = on or clock.today()
    return entry.listed_on <= day and (entry.removed_on is None or entry.removed_on > day)


async def public_penalties_for_enterprises(ids: Sequence[int]) -> list[list[Penalty]]:
    rows = await public_penalties().filter(enterprise_id__in=list(set(ids))).order_by(*PENALTY_ORDER)
    return group_by(rows, lambda r: r.enterprise_id, ids)


async def public_list_entries_for_enterprises(ids: Sequence[int]) -> list[list[ListEntry]]:
    rows = await public_list_entries().filter(enterprise_id__in=list(set(ids))).order_by(*LIST_ORDER)
    return group_by(rows, lambda r: r.enterprise_id, ids)
