"""Public selector for regulations: published rows only."""

from __future__ import annotations

import datetime as dt

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput, NotFound
from portal.core.publication import public_q
from portal.core.scoping import date_range_q, region_q
from portal.regulations.models import Regulation, Validity

ORDER = ["-issued_on", "-id"]


def public_regulations(
    *,
    department_id: int | None = None,
    region: str | None = None,
    validity: Validity | None = None,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
    title: str | None = None,
) -> QuerySet[Regulation]:
    q = public_q() & region_q(region, "region_id") & date_range_q("issued_on", issued_from, issued_to)
    if department_id is not None:
        q &= Q(department_id=department_id)
    if validity is not None:
        q &= Q(validity=validity)
    if title:
        if len(title) > 100:
            raise InvalidInput("标题关键词过长（最多100字）。", field="title")
        q &= Q(title__contains=title.strip())
    return Regulation.filter(q)


async def public_regulation(regulation_id: int) -> Regulation:
    found = await Regulation.filter(public_q(), id=regulation_id).first()
    if found is None:
        raise NotFound("未找到该规章或规范性文件，或尚未公开。")
    return found
