"""Selectors for reference data (all public)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.queryset import QuerySet

from portal.reference.cache import ReadThrough
from portal.reference.models import Department, Industry, Region

_departments: ReadThrough[int, Department] = ReadThrough(Department, "id")
_regions: ReadThrough[str, Region] = ReadThrough(Region, "code")
_industries: ReadThrough[str, Industry] = ReadThrough(Industry, "code")


async def departments_by_ids(ids: Sequence[int]) -> list[Department | None]:
    return await _departments.get_many(ids)


async def regions_by_codes(codes: Sequence[str]) -> list[Region | None]:
    return await _regions.get_many(codes)


async def industries_by_codes(codes: Sequence[str]) -> list[Industry | None]:
    return await _industries.get_many(codes)


def all_departments() -> QuerySet[Department]:
    return Department.all().order_by("id")


def all_regions() -> QuerySet[Region]:
    return Region.all().order_by("code")
