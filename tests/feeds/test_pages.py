"""Pages that have a feed announce it in <head> and show a visible "订阅 (Atom)" link."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import httpx
import pytest

from portal.core import clock
from portal.credit.models import ListKind
from tests import factories as f

pytestmark = pytest.mark.anyio

ALTERNATE = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')


@pytest.fixture
def today() -> Iterator[None]:
    with clock.frozen(dt.date(2025, 6, 16)):
        yield


def announced(html: str) -> list[str]:
    head = html.split("</head>", 1)[0]
    hrefs = [href for _, href in ALTERNATE.findall(head)]
    body = html.split("</head>", 1)[1]
    for href in hrefs:  # each one also visible as a link in the page
        assert f'<a href="{href}" type="application/atom+xml">' in body
    if hrefs:
        assert "订阅 (Atom)" in body
    return hrefs


@pytest.mark.parametrize(("path", "feed"), [
    ("/", "/feeds/all.atom"),
    ("/regulations", "/feeds/regulations.atom"),
    ("/inspection-items", "/feeds/inspection-items.atom"),
    ("/sampling-plans", "/feeds/sampling-plans.atom"),
    ("/inspection-results", "/feeds/inspection-results.atom"),
    ("/penalties", "/feeds/penalties.atom"),
    ("/lists/abnormal", "/feeds/lists/abnormal.atom"),
    ("/lists/serious-dishonesty", "/feeds/lists/serious-dishonesty.atom"),
    ("/channels", "/feeds/channels.atom"),
    ("/feeds/", "/feeds/all.atom"),
])
async def test_list_pages_announce_their_feed(client: httpx.AsyncClient, path: str, feed: str
                                              ) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert announced(response.text) == [feed]
    assert (await client.get(feed)).status_code == 200


async def test_a_list_filtered_by_department_also_announces_that_department(
    client: httpx.AsyncClient, today: None
) -> None:
    dept = await f.department("义乌市市场监督管理局")
    await f.penalty(await f.enterprise(), dept=dept)
    html = (await client.get(f"/penalties?department={dept.id}")).text
    assert announced(html) == ["/feeds/penalties.atom", f"/feeds/departments/{dept.id}.atom"]
    assert "义乌市市场监督管理局：公开信息" in html
    # A department that is not in the options is not announced.
    assert announced((await client.get("/penalties?department=98765")).text)[:1] == [
        "/feeds/penalties.atom"]


async def test_the_enterprise_page_announces_its_feed_and_states_the_windows(
    client: httpx.AsyncClient, today: None
) -> None:
    firm = await f.enterprise("义乌市华联商贸有限公司")
    await f.penalty(firm)
    entry = await f.list_entry(firm, kind=ListKind.SERIOUS_DISHONESTY)
    html = (await client.get(f"/enterprises/{firm.uscc}")).text
    assert announced(html) == [f"/feeds/enterprises/{firm.uscc}.atom"]
    assert "公示至 2026年2月28日" in html  # the penalty
    assert "公示至 2028年1月9日" in html  # the list entry (3 years)
    assert "公示至 2028年1月9日" in (await client.get(f"/lists/entries/{entry.id}")).text


async def test_error_pages_announce_nothing(client: httpx.AsyncClient) -> None:
    missing = await client.get("/enterprises/91330782MA0000009X")
    assert missing.status_code == 404 and announced(missing.text) == []
    assert announced((await client.get("/penalties/424242")).text) == []
