"""Public selector for inspection results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput
from portal.core.grouping import group_by
from portal.core.publication import public_q
from portal.core.scoping import date_range_q, industry_q, region_q
from portal.inspections.models import InspectionResult, ResultCode

ORDER = ["-inspected_on", "-id"]
NESTED_LIMIT = 200


def public_results(
    *,
    enterprise_id: int | None = None,
    department_id: int | None = None,
    task_id: int | None = None,
    result_code: ResultCode | None = None,
    year: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> QuerySet[InspectionResult]:
    q = public_q() & date_range_q("inspected_on", date_from, date_to)
    q &= region_q(region, "region_code") & industry_q(industry, "enterprise__industry_id")
    if year is not None:
        if not 1990 <= year <= 2100:
            raise InvalidInput("年度应为四位年份。", field="year")
        q &= date_range_q("inspected_on", dt.date(year, 1, 1), dt.date(year, 12, 31))
    for name, value in (
        ("enterprise_id", enterprise_id), ("department_id", department_id), ("task_id", task_id),
        ("result_code", result_code),
    ):
        if value is not None:
            q &= Q(**{name: value})
    return InspectionResult.filter(q)


async def public_results_for_enterprises(ids: Sequence[int]) -> list[list[InspectionResult]]:
    """The newest ``NESTED_LIMIT`` public results of each enterprise."""
    wanted = list(set(ids))
    query = public_results().filter(enterprise_id__in=wanted).order_by(*ORDER)
    if len(wanted) == 1:  # enterprise(uscc:) and its page: an enterprise may have thousands
        query = query.limit(NESTED_LIMIT)
    rows = await query
    return [g[:NESTED_LIMIT] for g in group_by(rows, lambda r: r.enterprise_id, ids)]
