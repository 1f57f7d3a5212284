"""Public statistics of credit repair: applications and outcomes per department.

Counts only — no enterprise, record or applicant is named — so they are public as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.functions import Count

from portal.core import clock
from portal.core.errors import InvalidInput
from portal.credit.repair_models import RepairApplication, RepairState
from portal.reference.models import Department


@dataclass(frozen=True)
class DepartmentRepairStats:
    department_id: int
    department_name: str
    applications: int
    approved: int
    refused: int
    pending: int  # submitted, returned, accepted or reviewed


async def repair_statistics(year: int | None = None) -> list[DepartmentRepairStats]:
    """One row per department with at least one application (``year``: submitted that year)."""
    query = RepairApplication.all()
    if year is not None:
        if not 2000 <= year <= 2100:
            raise InvalidInput("年份应为2000至2100之间的四位数字。", field="year")
        start = dt.datetime(year, 1, 1, tzinfo=clock.CST)
        query = query.filter(submitted_at__gte=start, submitted_at__lt=start.replace(year=year + 1))
    rows = await query.group_by("department_id", "state").annotate(n=Count("id")).values(
        "department_id", "state", "n")
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["department_id"], {})[str(row["state"])] = row["n"]
    names = dict(await Department.filter(id__in=list(counts)).values_list("id", "name"))
    out = []
    for dept_id, by_state in counts.items():
        approved = by_state.get(RepairState.APPROVED.value, 0)
        refused = by_state.get(RepairState.REFUSED.value, 0)
        total = sum(by_state.values())
        out.append(DepartmentRepairStats(dept_id, str(names.get(dept_id, "")), total, approved,
                                         refused, total - approved - refused))
    return sorted(out, key=lambda s: (-s.applications, s.department_id))
