"""N+1 guard: a page's SQL statement count does not grow with its size (DESIGN §8)."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.reference.cache import invalidate
from schema.context import PublicContext
from schema.public import public_schema
from tests import factories as f
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio

RESULTS_PAGE = """query($first: Int) {
  inspectionResults(first: $first) {
    nodes { id resultLabel enterprise { name uscc region { name } industry { name } }
            department { name parent { name } } task { name } item { name } }
  }
}"""

PENALTIES_PAGE = """query($first: Int) {
  penalties(first: $first) { nodes { id displayedUntil enterprise { name } department { name } } }
  listEntries(first: $first) { nodes { id enterprise { name } department { name } } }
}"""

ENTERPRISES_PAGE = """query($first: Int) {
  enterprises(first: $first) {
    nodes { name region { name } inspectionResults { id department { name } }
            penalties { id } listEntries { id } }
  }
}"""

PLANS_PAGE = """query($first: Int) {
  samplingPlans(first: $first) {
    nodes { name leadDepartment { name } participatingDepartments { name }
            items { name } tasks { name department { name } } }
  }
}"""


async def _statements(query: str, first: int) -> int:
    invalidate()  # measure the worst case: reference rows not yet cached
    with count_queries() as statements:
        result = await public_schema().execute(
            query, variable_values={"first": first}, context_value=PublicContext()
        )
    assert result.errors is None, result.errors
    return len(statements)


async def _many_departments(n: int) -> list[f.Department]:
    parent = await f.department("金华市市场监督管理局", "330700")
    out = []
    for i in range(n):
        d = await f.department(f"第{i}市场监管所", "330782")
        d.parent = parent
        await d.save()
        out.append(d)
    return out


async def test_results_page_of_100_costs_the_same_as_10(db_clean: None) -> None:
    depts = await _many_departments(12)
    plan = await f.plan()
    task = await f.task(plan)
    item = await f.item()
    for i in range(110):
        ent = await f.enterprise()
        await f.result(ent, dept=depts[i % len(depts)], task=task, item=item,
                       on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    small = await _statements(RESULTS_PAGE, 10)
    large = await _statements(RESULTS_PAGE, 100)
    assert large == small
    assert small <= 9


async def test_penalty_and_list_pages_are_constant(db_clean: None) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        depts = await _many_departments(5)
        for i in range(60):
            ent = await f.enterprise()
            await f.penalty(ent, dept=depts[i % 5])
            await f.list_entry(ent)
        large, small = await _statements(PENALTIES_PAGE, 50), await _statements(PENALTIES_PAGE, 5)
    # Two lists, each: rows, their enterprises, their departments. A DataLoader batches the
    # loads of one event-loop tick, so the two lists' department lookups share one query or take
    # two depending on when each list's rows arrive (seen on PostgreSQL): 4 or 5, never more.
    assert 4 <= small <= 6 and 4 <= large <= 6


async def test_enterprise_page_with_nested_records_is_constant(db_clean: None) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        for _ in range(40):
            ent = await f.enterprise()
            await f.result(ent)
            await f.penalty(ent)
            await f.list_entry(ent)
        assert await _statements(ENTERPRISES_PAGE, 40) == await _statements(ENTERPRISES_PAGE, 4)


async def test_plans_page_is_constant(db_clean: None) -> None:
    depts = await _many_departments(4)
    for i in range(30):
        plan = await f.plan(f"计划{i}")
        await plan.participants.add(*depts[: 1 + i % 4])
        await plan.items.add(await f.item())
        await f.task(plan)
    assert await _statements(PLANS_PAGE, 30) == await _statements(PLANS_PAGE, 3)
