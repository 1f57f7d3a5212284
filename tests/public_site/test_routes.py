"""Every page keeps the page contract; error pages are pages too; static files are served."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.credit.models import ListKind
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("frozen_today")]


async def _one_of_everything() -> dict[str, str]:
    ent = await f.enterprise("义乌市示例商贸有限公司")
    reg = await f.regulation()
    item = await f.inspection_item("食品销售者经营条件检查")
    plan = await f.joint_plan(participants=(await f.department("义乌市税务局"),), items=(item,))
    await f.task(plan)
    await f.result(ent)
    penalty = await f.penalty(ent)
    entry = await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY)
    await f.channel()
    return {
        "home": "/",
        "regulations": "/regulations",
        "regulation": f"/regulations/{reg.id}",
        "items": "/inspection-items",
        "plans": "/sampling-plans",
        "plan": f"/sampling-plans/{plan.id}",
        "results": "/inspection-results",
        "penalties": "/penalties",
        "penalty": f"/penalties/{penalty.id}",
        "abnormal": "/lists/abnormal",
        "dishonesty": "/lists/serious-dishonesty",
        "entry": f"/lists/entries/{entry.id}",
        "channels": "/channels",
        "enterprises": "/enterprises",
        "enterprise": f"/enterprises/{ent.uscc}",
        "graphiql": "/graphiql",
    }


async def test_every_page_keeps_the_page_contract(client: httpx.AsyncClient) -> None:
    pages = await _one_of_everything()
    for name, url in pages.items():
        response = await client.get(url)
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/html")
        page = parse(response)
        assert problems(page) == [], name
        assert page.by_id("main") is not None and page.all("main")[0].attrs["id"] == "main"
        assert page.all("nav"), name


async def test_list_pages_have_a_labelled_get_form(client: httpx.AsyncClient) -> None:
    for url in ("/regulations", "/inspection-items", "/sampling-plans", "/inspection-results",
                "/penalties", "/lists/abnormal", "/channels", "/enterprises"):
        page = parse(await client.get(url))
        forms = [form for form in page.all("form") if form.attrs.get("aria-label") == "筛选条件"]
        assert len(forms) == 1, url
        assert forms[0].attrs["method"] == "get" and forms[0].attrs["action"] == url
        labels = [e for e in page.all("label") if e.attrs.get("for", "").startswith("f-")]
        assert labels, url


async def test_nav_marks_the_current_section(client: httpx.AsyncClient) -> None:
    pages = await _one_of_everything()
    page = parse(await client.get(pages["penalty"]))
    current = [a.attrs["href"] for a in page.all("a") if a.attrs.get("aria-current") == "page"]
    assert current == ["/penalties"]


@pytest.mark.parametrize("url", ["/no-such-page", "/regulations/0", "/penalties/x"])
async def test_not_found_is_a_proper_page(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url)
    assert response.status_code == 404
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "未找到"


async def test_method_not_allowed_is_a_page_with_allow_header(client: httpx.AsyncClient) -> None:
    response = await client.post("/regulations")
    assert response.status_code == 405
    assert "不支持该请求方法" in parse(response).text
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


async def test_static_files_are_served_and_missing_ones_404(client: httpx.AsyncClient) -> None:
    css = await client.get("/static/site.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert (await client.get("/static/vendor/graphiql/VERSIONS.txt")).status_code == 200
    assert (await client.get("/static/nope.js")).status_code == 404


async def test_pages_send_the_strict_csp(client: httpx.AsyncClient) -> None:
    response = await client.get("/regulations")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp


async def test_dates_in_the_past_do_not_change_what_is_public(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    p = await f.penalty(ent, decided_on=dt.date(2024, 6, 1))  # general: shown until 2025-05-31
    assert (await client.get(f"/penalties/{p.id}")).status_code == 404
