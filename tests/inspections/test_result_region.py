"""Every result row carries its enterprise's region, however it was written, and the public
region filter is served by the (region_code, result_code, …) index."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from tortoise import connections

from portal.inspections.models import InspectionResult, ResultCode
from portal.inspections.queries import public_results
from portal.publishing import services
from tests import factories as f
from tests.gql import gql

pytestmark = pytest.mark.anyio


async def test_a_saved_result_takes_its_enterprise_region(db_clean: None) -> None:
    ent = await f.enterprise(region_code="330782")
    row = await f.result(ent)
    assert (await InspectionResult.get(id=row.id)).region_code == "330782"


async def test_a_result_drafted_and_moved_to_another_enterprise_follows_it(db_clean: None) -> None:
    dept = await f.department()
    first, second = await f.enterprise(region_code="330782"), await f.enterprise(region_code="420704")
    editor = f.staff_as("editor", dept, 1)
    rev = await services.save_draft(editor, "inspection_result", {
        "enterprise": first.uscc, "inspected_on": "2026-02-20", "result_code": "no_problem"},
        department_id=dept.id)
    assert (await InspectionResult.get(id=rev.object_id)).region_code == "330782"
    await services.save_draft(editor, "inspection_result", {"enterprise": second.uscc},
                              object_id=rev.object_id)
    assert (await InspectionResult.get(id=rev.object_id)).region_code == "420704"


async def test_the_region_filter_matches_counties_cities_and_provinces(client: httpx.AsyncClient) -> None:
    yiwu, jinhua_city, wuhan = [await f.enterprise(region_code=c) for c in ("330782", "330702", "420104")]
    for ent in (yiwu, jinhua_city, wuhan):
        await f.result(ent, code=ResultCode.CORRECTED, on=dt.date(2025, 6, 1))
    query = """query($filter: InspectionResultFilter) {
      inspectionResults(first: 10, filter: $filter) { totalCount nodes { enterprise { uscc } } } }"""
    counts = {}
    for region in ("330782", "330700", "330000", "420000", "110000"):
        body = await gql(client, query, {"filter": {"region": region, "resultCode": "CORRECTED",
                                                    "year": 2025}})
        counts[region] = body["data"]["inspectionResults"]["totalCount"]
    assert counts == {"330782": 1, "330700": 2, "330000": 2, "420000": 1, "110000": 0}


async def test_sqlite_serves_the_region_filter_from_the_region_index(db_clean: None) -> None:
    conn = connections.get("default")
    if conn.capabilities.dialect != "sqlite":
        pytest.skip("the query plan checked here is SQLite's; PostgreSQL chooses by statistics")
    query = public_results(region="330782", result_code=ResultCode.CORRECTED, year=2025)
    sql = query.order_by("-inspected_on", "-id").limit(21).sql(params_inline=True)
    plan = await conn.execute_query_dict("EXPLAIN QUERY PLAN " + sql)
    details = " | ".join(str(step["detail"]) for step in plan)
    assert "region_code=? AND result_code=? AND publication_state=?" in details, details
    assert "enterprise" not in details  # no join is needed to filter by region
