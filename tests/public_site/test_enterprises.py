from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.credit.models import ListKind
from portal.inspections.models import ResultCode
from public_site.views.enterprises import timeline
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


async def test_list_and_filters(client: httpx.AsyncClient) -> None:
    a = await f.enterprise("义乌市示例商贸有限公司", region_code="330782")
    await f.enterprise("金华市另一家公司", region_code="330702")

    response = await client.get("/enterprises")
    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert "共 2 家" in page.text and f"/enterprises/{a.uscc}" in page.links()

    text = parse(await client.get("/enterprises?name=示例商贸")).text
    assert "义乌市示例商贸有限公司" in text and "金华市另一家公司" not in text
    text = parse(await client.get("/enterprises?region=330702")).text
    assert "金华市另一家公司" in text and "义乌市示例商贸有限公司" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [("region=9", "行政区划代码“9”无效"), ("industry=五金", "行业代码“五金”无效"),
     ("after=abc", "分页游标（after）无效")],
)
async def test_bad_filters_are_400(client: httpx.AsyncClient, query: str, message: str) -> None:
    response = await client.get("/enterprises?" + query)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.text and page.by_id("f-name") is not None


async def test_a_credit_code_typed_as_name_opens_the_record(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    response = await client.get("/enterprises", params={"name": " " + ent.uscc.lower()})
    assert response.status_code == 303
    assert response.headers["location"] == f"/enterprises/{ent.uscc}"


@pytest.mark.usefixtures("frozen_today")
async def test_detail_timeline_has_published_records_newest_first(
    client: httpx.AsyncClient,
) -> None:
    ent = await f.enterprise("义乌市示例商贸有限公司", business_scope="日用百货销售")
    await f.result(ent, code=ResultCode.CORRECTED, on=dt.date(2025, 5, 10))
    await f.result(ent, state=f.DRAFT, code=ResultCode.FALSIFIED)
    p = await f.penalty(ent, decided_on=dt.date(2025, 3, 1))
    await f.penalty(ent, decided_on=dt.date(2023, 1, 5))  # window over
    entry = await f.list_entry(ent, listed_on=dt.date(2025, 1, 10))

    response = await client.get(f"/enterprises/{ent.uscc}")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "义乌市示例商贸有限公司"
    assert "日用百货销售" in page.text
    items = [h for level, h in page.headings if level == 3]
    assert items == [
        "抽查检查结果：发现问题已责令改正",
        f"行政处罚（一般）：{p.decision_number}",
        "经营异常名录：列入中",
    ]
    assert "公示至 2026年2月28日；可申请修复日期 2025年6月1日" in page.text
    assert f"/penalties/{p.id}" in page.links() and f"/lists/entries/{entry.id}" in page.links()
    assert "公示信息隐瞒真实情况弄虚作假" not in page.text


async def test_malformed_code_is_400_with_what_is_wrong(client: httpx.AsyncClient) -> None:
    response = await client.get("/enterprises/91330782MA2E3K7PIX")
    assert response.status_code == 400
    page = parse(response)
    assert problems(page) == []
    assert "不允许的字符" in page.text


def test_timeline_sorts_all_kinds_by_date() -> None:
    e = {
        "inspectionResults": [{"inspectedOn": "2024-01-02"}],
        "penalties": [{"decidedOn": "2025-03-01"}],
        "listEntries": [{"listedOn": "2024-06-30"}],
    }
    assert [(i["kind"], i["date"]) for i in timeline(e)] == [
        ("penalty", "2025-03-01"), ("list", "2024-06-30"), ("result", "2024-01-02"),
    ]


async def test_unknown_valid_code_is_404(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    await ent.delete()
    response = await client.get(f"/enterprises/{ent.uscc}")
    assert response.status_code == 404
    assert "未找到该市场主体" in response.text


@pytest.mark.usefixtures("frozen_today")
async def test_list_kind_label_in_timeline(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY, listed_on=dt.date(2025, 1, 10))
    with_entry = parse(await client.get(f"/enterprises/{ent.uscc}"))
    assert any(h.startswith("严重违法失信名单：") for _, h in with_entry.headings)
