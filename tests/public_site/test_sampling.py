from __future__ import annotations

import datetime as dt
import decimal

import httpx
import pytest

from portal.sampling.models import ItemCategory, Progress
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


# --- /inspection-items ---------------------------------------------------------------------


async def test_item_list_shows_published_items(client: httpx.AsyncClient) -> None:
    await f.inspection_item("食品销售者经营条件检查", legal_basis="《中华人民共和国食品安全法》",
                            method="现场检查", ratio="不低于5%", frequency="每年1次")
    await f.inspection_item("尚未发布的事项", state=f.DRAFT)

    response = await client.get("/inspection-items")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "随机抽查事项清单"
    assert "食品销售者经营条件检查" in page.text
    assert "《中华人民共和国食品安全法》" in page.text and "不低于5%；每年1次" in page.text
    assert "重点检查事项" in page.text
    assert "尚未发布的事项" not in page.text
    assert "共 1 条" in page.text


async def test_item_filters_by_department_category_and_name(client: httpx.AsyncClient) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    await f.inspection_item("产品质量监督抽查", dept=city, category=ItemCategory.GENERAL)
    await f.inspection_item("食品生产企业检查")

    async def text(query: str) -> str:
        response = await client.get("/inspection-items?" + query)
        assert response.status_code == 200
        return parse(response).text

    assert "产品质量监督抽查" in await text(f"department={city.id}")
    assert "食品生产企业检查" not in await text(f"department={city.id}")
    assert "食品生产企业检查" not in await text("category=GENERAL")
    assert "产品质量监督抽查" in await text("category=GENERAL")
    assert "产品质量监督抽查" not in await text("name=食品")
    assert "食品生产企业检查" in await text("name=食品")


async def test_department_select_lists_departments(client: httpx.AsyncClient) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    page = parse(await client.get(f"/inspection-items?department={city.id}"))
    select = page.by_id("f-department")
    assert select is not None and select.tag == "select"
    chosen = [o for o in page.all("option") if "selected" in o.attrs]
    assert [(o.attrs["value"], o.text) for o in chosen] == [(str(city.id), "金华市市场监督管理局")]


@pytest.mark.parametrize(
    ("query", "message"),
    [("category=URGENT", "事项类别的取值“URGENT”无效"), ("department=abc", "监管部门的取值“abc”无效")],
)
async def test_bad_item_filters_are_400(client: httpx.AsyncClient, query: str, message: str) -> None:
    response = await client.get("/inspection-items?" + query)
    assert response.status_code == 400
    assert message in parse(response).text


# --- /sampling-plans -----------------------------------------------------------------------


async def test_plan_list_shows_published_plans_with_departments(client: httpx.AsyncClient) -> None:
    lead = await f.department("义乌市市场监督管理局")
    tax = await f.department("义乌市税务局")
    shown = await f.joint_plan("2025年度跨部门联合抽查计划", lead=lead, participants=(tax,),
                               ratio_percent=decimal.Decimal("5.00"))
    await f.plan("尚在起草的计划", state=f.DRAFT)

    response = await client.get("/sampling-plans")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert f"/sampling-plans/{shown.id}" in page.links()
    assert "义乌市税务局" in page.text and "5%" in page.text
    assert "尚在起草的计划" not in page.text


async def test_plan_filters_by_year_and_participating_department(client: httpx.AsyncClient) -> None:
    tax = await f.department("义乌市税务局")
    await f.joint_plan("2024年度联合抽查计划", year=2024, participants=(tax,))
    await f.plan("2025年度双随机抽查计划", year=2025)

    text = parse(await client.get("/sampling-plans?year=2024")).text
    assert "2024年度联合抽查计划" in text and "2025年度双随机抽查计划" not in text
    text = parse(await client.get(f"/sampling-plans?department={tax.id}")).text
    assert "2024年度联合抽查计划" in text and "2025年度双随机抽查计划" not in text


@pytest.mark.parametrize("year", ["25", "二〇二五", "1800", "99999999999"])
async def test_bad_year_is_400_with_message(client: httpx.AsyncClient, year: str) -> None:
    response = await client.get("/sampling-plans", params={"year": year})
    assert response.status_code == 400
    assert "应为1990至2100之间的四位年份" in parse(response).text


async def test_plan_detail_shows_departments_items_scope_window_and_tasks(
    client: httpx.AsyncClient,
) -> None:
    lead = await f.department("义乌市市场监督管理局")
    tax = await f.department("义乌市税务局")
    item = await f.inspection_item("食品销售者经营条件检查")
    hidden_item = await f.inspection_item("未公开的事项", state=f.DRAFT)
    p = await f.joint_plan(
        lead=lead, participants=(tax,), items=(item, hidden_item), scope="全市食品经营者",
        ratio_percent=decimal.Decimal("3.50"), window_start=dt.date(2025, 3, 1),
        window_end=dt.date(2025, 11, 30), progress=Progress.IN_PROGRESS,
    )
    await f.task(p)
    await f.task(p, state=f.DRAFT)
    tasks = await p.tasks.all().order_by("id")

    response = await client.get(f"/sampling-plans/{p.id}")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "2025年度跨部门联合抽查计划"
    facts = page.facts()
    assert facts["牵头部门"] == "义乌市市场监督管理局" and facts["参与部门"] == "义乌市税务局"
    assert facts["抽查比例"] == "3.5%" and facts["进度"] == "实施中"
    assert facts["实施期限"] == "2025年3月1日 至 2025年11月30日"
    text = page.text
    assert "全市食品经营者" in text
    assert "食品销售者经营条件检查" in text and "未公开的事项" not in text
    assert tasks[0].name in text and tasks[1].name not in text
    assert [h for level, h in page.headings if level == 2] == ["抽查范围", "抽查事项", "抽查任务"]


async def test_unpublished_or_missing_plan_is_404(client: httpx.AsyncClient) -> None:
    draft = await f.plan("尚在起草的计划", state=f.DRAFT)
    for url in (f"/sampling-plans/{draft.id}", "/sampling-plans/424242"):
        response = await client.get(url)
        assert response.status_code == 404
        assert "未找到该抽查计划" in response.text
        assert "尚在起草的计划" not in response.text
