"""The /search page: results, facets as links, filters in the URL, paging, help, errors."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from search.backend import SearchBackend
from search.reindex import reindex
from tests import factories as f
from tests.search.conftest import Corpus

pytestmark = pytest.mark.anyio


async def page(client: httpx.AsyncClient, url: str, status: int = 200) -> str:
    response = await client.get(url)
    assert response.status_code == status, response.text[:500]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert "<script" not in html and " style=" not in html  # strict CSP: nothing inline
    return html


async def test_results_with_highlighting_and_facet_links(client: httpx.AsyncClient,
                                                         corpus: Corpus) -> None:
    html = await page(client, "/search?q=华联商贸")
    assert "<mark>华联商贸</mark>" in html
    assert f'href="/enterprises/{corpus.hualian.uscc}"' in html
    assert "共找到 <strong>3</strong> 条公开信息" in html
    links = re.findall(r'href="(/search\?[^"]+)"', html)
    kinds = {parse_qs(urlparse(link.replace("&amp;", "&")).query).get("kind", [""])[0]
             for link in links}
    assert {"enterprise", "penalty", "inspection_result"} <= kinds


async def test_filters_live_in_the_url(client: httpx.AsyncClient, corpus: Corpus) -> None:
    html = await page(client, "/search?q=华联&kind=penalty&region=330782&year=2025")
    assert html.count('class="hit"') == 1
    assert "不限信息类别" in html and "清除全部筛选条件" in html
    html = await page(client, "/search?q=检查&result=no_problem")
    assert html.count('class="hit"') == 1
    html = await page(client, "/search?q=麦香&list=abnormal")
    assert html.count('class="hit"') == 1


async def test_a_credit_code_goes_straight_to_the_enterprise(client: httpx.AsyncClient,
                                                              corpus: Corpus) -> None:
    response = await client.get(f"/search?q={corpus.bakery.uscc}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/enterprises/{corpus.bakery.uscc}"


@pytest.mark.parametrize(("url", "text"), [
    ("/search", "可以这样搜索"),
    ("/search?q=", "可以这样搜索"),
    ("/search?q=完全不存在的词语", "没有找到与“完全不存在的词语”相关的公开信息"),
    ("/search?q=！！？", "只有标点"),
    ("/search?q=" + "监" * 3000, "搜索词过长"),
    ("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "&lt;script&gt;"),
    ("/search?q=91330782MA2E3K7PIO", "不是有效的统一社会信用代码"),
])
async def test_odd_queries_get_a_clear_page(client: httpx.AsyncClient, corpus: Corpus,
                                            url: str, text: str) -> None:
    assert text in await page(client, url)


@pytest.mark.parametrize(("url", "text"), [
    ("/search?q=华联&kind=bogus", "未知的信息类别"),
    ("/search?q=华联&year=abc", "年度应为四位年份"),
    ("/search?q=华联&result=nothing", "未知的检查结果"),
    ("/search?q=华联&region=12", "行政区划代码应为6位数字"),
    ("/search?q=华联&after=garbage", "分页游标"),
])
async def test_bad_parameters_give_a_400_with_the_reason(client: httpx.AsyncClient,
                                                          corpus: Corpus, url: str,
                                                          text: str) -> None:
    assert text in await page(client, url, 400)


async def test_pagination(client: httpx.AsyncClient, embedded: SearchBackend,
                          today: None) -> None:
    for i in range(25):
        await f.enterprise(f"分页测试{i:02d}商行")
    await reindex(embedded)
    html = await page(client, "/search?q=分页测试")
    assert html.count('class="hit"') == 20
    next_url = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert next_url
    second = await page(client, next_url.group(1).replace("&amp;", "&"))
    assert second.count('class="hit"') == 5
    assert "« 第一页" in second and 'rel="next"' not in second
