"""The deterministic demo dataset (`portal seed --demo`).

:func:`build` fills an empty database with a realistic, reproducible picture of market
supervision in a few real places (regions.csv): departments, industries, about 2,400 market
entities, inspection item lists, three years of sampling plans with tasks and results,
penalties, both lists, complaint channels and regulations. The same code on the same day
always yields the same rows; names and credit codes do not depend on the day at all.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from portal.core import audit
from portal.core.actors import SYSTEM
from portal.core.errors import DomainError
from portal.core.rules import seed_default_rules
from portal.demo.common import Ctx
from portal.demo.documents import build_channels, build_regulations
from portal.demo.organisations import build_departments, build_enterprises, build_industries
from portal.demo.records import build_list_entries, build_penalties
from portal.demo.reference import load_regions
from portal.demo.supervision import build_items, build_plans, build_results
from portal.enterprises.models import Enterprise
from portal.reference.models import Department, Industry


class DemoDataExists(DomainError):
    code = "demo_data_exists"


async def build() -> dict[str, int]:
    """Build the demo dataset in one transaction; returns row counts per kind (Chinese keys).

    Refuses to run when departments, industries or enterprises already exist, rather than
    duplicating them. Writes one ``demo.build`` audit entry (plus one ``regulation.import``
    per imported page capture).
    """
    if await Enterprise.exists() or await Department.exists() or await Industry.exists():
        raise DemoDataExists("数据库中已有部门、行业或市场主体数据：示例数据只能加载到空数据库，未做任何改动。")
    async with in_transaction() as conn:
        await seed_default_rules()
        await load_regions()
        ctx = Ctx.start()
        await build_departments(ctx)
        await build_industries(ctx)
        await build_enterprises(ctx)
        items = await build_items(ctx)
        tasks = await build_plans(ctx, items)
        results = await build_results(ctx, tasks)
        penalties = await build_penalties(ctx, results)
        await build_list_entries(ctx, results, penalties)
        await build_channels(ctx)
        await build_regulations(ctx)
        await audit.record(conn, SYSTEM, "demo.build", "dataset", "demo", after=ctx.counts,
                           reason=f"示例数据，日期基准 {ctx.today.isoformat()}")
    return ctx.counts
