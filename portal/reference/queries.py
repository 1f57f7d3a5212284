"""Selectors for reference data (all public)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.queryset import QuerySet

from portal.reference.models import Department, Industry, Region


async def departments_by_ids(ids: Sequence[int]) -> list[Department | None]:
    rows = {d.id: d for d in await Department.filter(id__in=list(set(ids)))}
    return [rows.get(i) for i in ids]


async def regions_by_codes(codes: Sequence[str]) -> list[Region | None]:
    rows = {r.code: r for r in await Region.filter(code__in=list(set(codes)))}
    return [rows.get(c) for c in codes]


async def industries_by_codes(codes: Sequence[str]) -> list[Industry | None]:
    rows = {r.code: r for r in await Industry.filter(code__in=list(set(codes)))}
    return [rows.get(c) for c in codes]


def all_departments() -> QuerySet[Department]:
    return Department.all().order_by("id")


def all_regions() -> QuerySet[Region]:
    return Region.all().order_by("code")
