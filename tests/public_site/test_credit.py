from __future__ import annotations

import datetime as dt
import decimal

import httpx
import pytest

from portal.credit.models import ListKind, Severity
from public_site.labels import cn_date
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("frozen_today")]  # today: 2025-06-16


# --- /penalties ----------------------------------------------------------------------------


async def test_penalty_list_shows_only_published_penalties_in_window(
    client: httpx.AsyncClient,
) -> None:
    shown = await f.penalty(await f.enterprise("在公示期内公司"), decided_on=dt.date(2025, 3, 1))
    await f.penalty(await f.enterprise("公示期已满公司"), decided_on=dt.date(2023, 1, 5))
    await f.penalty(await f.enterprise("草稿处罚公司"), state=f.DRAFT)
    await f.penalty(await f.enterprise("仅警告公司"), severity=Severity.WARNING)

    response = await client.get("/penalties")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert "在公示期内公司" in page.text and shown.decision_number in page.text
    assert f"/penalties/{shown.id}" in page.links()
    assert "2026年2月28日" in page.text  # 公示至
    for absent in ("公示期已满公司", "草稿处罚公司", "仅警告公司"):
        assert absent not in page.text
    assert "共 1 条" in page.text


async def test_penalty_filters(client: httpx.AsyncClient) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    await f.penalty(await f.enterprise("一般处罚公司"), decided_on=dt.date(2025, 2, 1))
    await f.penalty(await f.enterprise("严重处罚公司", region_code="330702"),
                    severity=Severity.SERIOUS, decided_on=dt.date(2024, 9, 1), dept=city)

    async def text(query: str) -> str:
        response = await client.get("/penalties?" + query)
        assert response.status_code == 200, response.text
        return parse(response).text

    assert "严重处罚公司" in (t := await text("severity=SERIOUS")) and "一般处罚公司" not in t
    assert "一般处罚公司" in (t := await text("from=2025-01-01")) and "严重处罚公司" not in t
    assert "严重处罚公司" in (t := await text("to=2024-12-31")) and "一般处罚公司" not in t
    assert "一般处罚公司" in (t := await text("region=330782")) and "严重处罚公司" not in t
    assert "严重处罚公司" in (t := await text(f"department={city.id}")) and "一般处罚公司" not in t
    assert "一般处罚公司" in (t := await text("industry=F52")) and "严重处罚公司" in t
    assert "没有符合条件" in await text("industry=C13")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("severity=WARNING", "处罚类别的取值“WARNING”无效"),  # warnings are never displayed
        ("from=01/03/2025", "决定日期（起）“01/03/2025”不是有效日期"),
        ("region=义乌", "行政区划代码“义乌”无效"),
        ("from=2025-06-01&to=2025-01-01", "起始日期不能晚于结束日期"),
    ],
)
async def test_bad_penalty_filters_are_400(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await client.get("/penalties?" + query)
    assert response.status_code == 400
    assert message in parse(response).text


async def test_penalty_detail_shows_window_and_repair_date(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise("义乌市示例商贸有限公司")
    p = await f.penalty(ent, basis="《产品质量法》第四十九条", content="没收违法所得，罚款",
                        fine_amount=decimal.Decimal("12500.00"))

    response = await client.get(f"/penalties/{p.id}")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == f"行政处罚决定 {p.decision_number}"
    assert "公示至 2026年2月28日" in page.text
    assert "可申请修复日期：2025年6月1日" in page.text
    assert "12,500.00 元" in page.text and "《产品质量法》第四十九条" in page.text
    assert f"/enterprises/{ent.uscc}" in page.links()


async def test_penalty_detail_404_when_draft_expired_or_missing(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    draft = await f.penalty(ent, state=f.DRAFT)
    expired = await f.penalty(ent, decided_on=dt.date(2023, 1, 5))
    warning = await f.penalty(ent, severity=Severity.WARNING)
    for p in (draft, expired, warning):
        response = await client.get(f"/penalties/{p.id}")
        assert response.status_code == 404
        assert "未找到该行政处罚信息" in response.text
        assert p.decision_number not in response.text
    assert (await client.get("/penalties/987654")).status_code == 404


# --- /lists/... ----------------------------------------------------------------------------


async def test_each_list_shows_its_own_kind(client: httpx.AsyncClient) -> None:
    abnormal = await f.list_entry(await f.enterprise("异常名录公司"))
    await f.list_entry(await f.enterprise("失信名单公司"), kind=ListKind.SERIOUS_DISHONESTY)
    await f.list_entry(await f.enterprise("草稿名录公司"), state=f.DRAFT)

    response = await client.get("/lists/abnormal")
    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "经营异常名录"
    assert "异常名录公司" in page.text and f"/lists/entries/{abnormal.id}" in page.links()
    assert "失信名单公司" not in page.text and "草稿名录公司" not in page.text

    page = parse(await client.get("/lists/serious-dishonesty"))
    assert page.h1() == "严重违法失信名单"
    assert "失信名单公司" in page.text and "异常名录公司" not in page.text


async def test_list_entries_outside_their_window_are_absent(client: httpx.AsyncClient) -> None:
    old = await f.list_entry(await f.enterprise("早已届满公司"), listed_on=dt.date(2021, 1, 10))
    assert old.displayed_until is not None and old.displayed_until < dt.date(2025, 6, 16)
    await f.list_entry(await f.enterprise("公示中公司"))
    text = parse(await client.get("/lists/abnormal")).text
    assert "公示中公司" in text and "早已届满公司" not in text
    assert (await client.get(f"/lists/entries/{old.id}")).status_code == 404


async def test_list_filters_active_department_region_and_dates(client: httpx.AsyncClient) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    await f.list_entry(await f.enterprise("仍在名录公司"), listed_on=dt.date(2025, 2, 1))
    await f.list_entry_by(city, await f.enterprise("已移出公司", region_code="330702"),
                          listed_on=dt.date(2024, 3, 1), removed_on=dt.date(2024, 9, 1),
                          removal_reason="已补报年度报告")

    async def text(query: str) -> str:
        response = await client.get("/lists/abnormal?" + query)
        assert response.status_code == 200, response.text
        return parse(response).text

    assert "仍在名录公司" in (t := await text("active=yes")) and "已移出公司" not in t
    assert "已移出公司" in (t := await text("active=no")) and "仍在名录公司" not in t
    assert "已移出公司" in (t := await text(f"department={city.id}")) and "仍在名录公司" not in t
    assert "仍在名录公司" in (t := await text("region=330782")) and "已移出公司" not in t
    assert "已移出公司" in (t := await text("to=2024-12-31")) and "仍在名录公司" not in t


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("active=maybe", "是否仍在名录中的取值“maybe”无效"),
        ("from=2025-1-32", "列入日期（起）“2025-1-32”不是有效日期"),
        ("after=%%%", "分页游标（after）无效"),
    ],
)
async def test_bad_list_filters_are_400(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await client.get("/lists/serious-dishonesty?" + query)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.text
    assert page.by_id("f-active") is not None


async def test_unknown_list_kind_is_404(client: httpx.AsyncClient) -> None:
    for url in ("/lists/blacklist", "/lists/entries", "/lists/ABNORMAL"):
        assert (await client.get(url)).status_code == 404, url


async def test_list_entry_detail(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise("已移出公司")
    entry = await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY, listed_on=dt.date(2024, 3, 1),
                               removed_on=dt.date(2025, 4, 1), removal_reason="信用修复",
                               basis="《市场监督管理严重违法失信名单管理办法》第二条",
                               decision_number="金市监列严〔2024〕3号")

    response = await client.get(f"/lists/entries/{entry.id}")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "严重违法失信名单：已移出公司"
    text = page.text
    assert f"公示至 {cn_date(entry.displayed_until)}" in text
    assert f"可申请修复日期：{cn_date(entry.repairable_from)}" in text
    assert "已移出" in text and "2025年4月1日" in text and "信用修复" in text
    assert "金市监列严〔2024〕3号" in text and "第二条" in text
    assert "/lists/serious-dishonesty" in page.links()


async def test_draft_list_entry_is_404(client: httpx.AsyncClient) -> None:
    entry = await f.list_entry(await f.enterprise("草稿名录公司"), state=f.DRAFT)
    response = await client.get(f"/lists/entries/{entry.id}")
    assert response.status_code == 404
    assert "未找到该名录信息" in response.text and "草稿名录公司" not in response.text
