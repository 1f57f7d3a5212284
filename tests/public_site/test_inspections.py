from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.inspections.models import ResultCode
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


async def test_results_list_shows_published_results(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise("义乌市示例商贸有限公司")
    await f.result(ent, code=ResultCode.CORRECTED, details="已责令整改价签")
    hidden = await f.enterprise("草稿结果所属公司")
    await f.result(hidden, state=f.DRAFT)

    response = await client.get("/inspection-results")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "抽查检查结果"
    assert "义乌市示例商贸有限公司" in page.text
    assert "发现问题已责令改正" in page.text and "已责令整改价签" in page.text
    assert f"/enterprises/{ent.uscc}" in page.links()
    assert "草稿结果所属公司" not in page.text
    assert "共 1 条" in page.text


async def test_results_filter_by_code_year_dates_region_and_department(
    client: httpx.AsyncClient,
) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    a = await f.enterprise("甲公司", region_code="330782")
    b = await f.enterprise("乙公司", region_code="330702")
    await f.result(a, code=ResultCode.NO_PROBLEM, on=dt.date(2024, 4, 1))
    await f.result(b, code=ResultCode.UNREACHABLE, on=dt.date(2025, 5, 10), dept=city)

    async def text(query: str) -> str:
        response = await client.get("/inspection-results?" + query)
        assert response.status_code == 200, response.text
        return parse(response).text

    assert "乙公司" in (t := await text("result=UNREACHABLE")) and "甲公司" not in t
    assert "甲公司" in (t := await text("year=2024")) and "乙公司" not in t
    assert "乙公司" in (t := await text("from=2025-01-01&to=2025-12-31")) and "甲公司" not in t
    assert "甲公司" in (t := await text("region=330782")) and "乙公司" not in t
    assert "乙公司" in (t := await text(f"department={city.id}")) and "甲公司" not in t
    assert "甲公司" in (t := await text("region=330700")) and "乙公司" in t  # city covers both


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("result=GOOD", "检查结果的取值“GOOD”无效"),
        ("year=abcd", "年度“abcd”无效"),
        ("from=2025-02-29", "“2025-02-29”不是有效日期"),
        ("region=3307820", "应为6位数字"),
        ("industry=12", "行业代码“12”无效"),
    ],
)
async def test_bad_result_filters_are_400(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await client.get("/inspection-results?" + query)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.text
    assert page.by_id("f-result") is not None


async def test_empty_results_say_so(client: httpx.AsyncClient) -> None:
    response = await client.get("/inspection-results?year=2001")
    assert response.status_code == 200
    assert "没有符合条件的抽查检查结果" in parse(response).text
