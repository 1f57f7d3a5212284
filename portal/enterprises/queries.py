"""Enterprise selectors. Registration data is public; risk data never lives on this model."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput, NotFound
from portal.core.ids import check_registration_number, check_uscc, is_registration_number, normalise
from portal.core.scoping import industry_q, region_q
from portal.enterprises.models import Enterprise

ORDER = ["id"]


def public_enterprises(
    *, region: str | None = None, industry: str | None = None, name: str | None = None
) -> QuerySet[Enterprise]:
    q = region_q(region, "region_id") & industry_q(industry, "industry_id")
    if name:
        name = name.strip()
        if len(name) > 100:
            raise InvalidInput("名称关键词过长（最多100字）。", field="name")
        q &= Q(name__contains=name)
    return Enterprise.filter(q)


async def enterprise_by_code(code: str) -> Enterprise:
    """Look up by credit code, or by the old 15-digit registration number.

    Raises :class:`InvalidInput` for a malformed code and :class:`NotFound` when none matches.
    """
    if is_registration_number(code):
        reg_no = check_registration_number(code)
        found = await Enterprise.get_or_none(reg_no=reg_no)
    else:
        checked = check_uscc(code)
        found = await Enterprise.get_or_none(uscc=checked.code)
    if found is None:
        raise NotFound(f"未找到代码为 {normalise(code)} 的市场主体。", field="uscc")
    return found


async def enterprises_by_ids(ids: Sequence[int]) -> list[Enterprise | None]:
    rows = {e.id: e for e in await Enterprise.filter(id__in=list(set(ids)))}
    return [rows.get(i) for i in ids]
