from __future__ import annotations

import httpx
import pytest

from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


@pytest.mark.usefixtures("frozen_today")
async def test_home_shows_latest_published_items(client: httpx.AsyncClient) -> None:
    reg = await f.regulation("关于加强政府监管工作的意见")
    await f.regulation("尚在起草的管理办法", state=f.DRAFT)
    ent = await f.enterprise("义乌市示例商贸有限公司")
    await f.result(ent)
    p = await f.penalty(ent)

    response = await client.get("/")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "阳光监管 · 公开透明"
    assert f"/regulations/{reg.id}" in page.links() and f"/penalties/{p.id}" in page.links()
    assert "尚在起草的管理办法" not in page.text
    assert "未发现问题" in page.text


async def test_empty_home_says_none(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/"))
    assert page.text.count("暂无") == 3


async def test_every_site_link_on_the_home_page_works(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/"))
    internal = sorted({h for h in page.links() if h.startswith("/")})
    assert "/lists/serious-dishonesty" in internal and "/graphiql" in internal
    for href in internal:
        response = await client.get(href)
        assert response.status_code == 200, href


async def test_search_forms_go_to_a_working_page(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/"))
    forms = page.all("form")
    assert len(forms) == 2
    for form in forms:
        assert form.attrs["method"] == "get"
        assert form.attrs["action"] == "/search"
        assert any(e.attrs.get("name") == "q" for e in page.all("input"))
        response = await client.get(form.attrs["action"], params={"q": "示例"})
        assert response.status_code == 200, form.attrs["action"]
