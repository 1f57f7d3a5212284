"""Atom feeds: RFC 4287 validity, scoping, filtering, notices, query counts, 304, escaping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree
from tortoise.transactions import in_transaction

from portal.config import get_settings
from portal.core import clock, notices
from portal.core.models import NoticeAction
from portal.core.publication import PublicationState
from portal.credit.models import ListKind, Severity
from portal.reference.cache import invalidate
from tests import factories as f
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
TODAY = dt.date(2025, 6, 16)
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
HOSTILE = "<script>alert('x')</script> & ]]> \x01\x0b罚款\"'"


@pytest.fixture
def today() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


def parse(response: httpx.Response) -> etree._Element:
    """The feed, checked against RFC 4287's RELAX NG schema and its two Schematron rules."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert SCHEMA.validate(root), SCHEMA.error_log
    for entry in root.findall(f"{ATOM}entry"):  # the schema's Schematron rules
        assert entry.xpath("a:link[@rel='alternate'] or a:link[not(@rel)] or a:content",
                           namespaces=NS)
        assert entry.xpath("a:author or ../a:author", namespaces=NS)
    return root


def ids(root: etree._Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") or "" for e in root.findall(f"{ATOM}entry")]


def links(root: etree._Element) -> set[str]:
    return {str(h) for h in root.xpath("a:entry/a:link[not(@rel) or @rel='alternate']/@href",
                                        namespaces=NS)}


async def world() -> dict[str, int | str]:
    """Two departments, every kind, rows in every non-public state, notices and a removal."""
    yiwu = await f.department("义乌市市场监督管理局", "330782")
    wucheng = await f.department("婺城区市场监督管理局", "330702")
    firm = await f.enterprise("义乌市华联商贸有限公司")
    other = await f.enterprise("婺城区麦香烘焙坊", "330702")
    out: dict[str, int | str] = {"yiwu": yiwu.id, "wucheng": wucheng.id, "uscc": firm.uscc,
                                 "other_uscc": other.uscc}
    out["regulation"] = (await f.regulation("关于加强事中事后监管的意见", department=yiwu)).id
    out["item"] = (await f.inspection_item("食品销售检查", dept=yiwu)).id
    out["plan"] = (await f.joint_plan("2025年度联合抽查计划", lead=wucheng, participants=(yiwu,))).id
    out["result"] = (await f.result(firm, dept=yiwu)).id
    out["penalty"] = (await f.penalty(firm, dept=yiwu)).id
    out["other_penalty"] = (await f.penalty(other, dept=wucheng, severity=Severity.SERIOUS)).id
    out["listing"] = (await f.list_entry_by(yiwu, firm, ListKind.SERIOUS_DISHONESTY)).id
    out["removed"] = (await f.list_entry_by(wucheng, other, removed_on=dt.date(2025, 5, 1))).id
    out["channel"] = (await f.channel("12315 消费者投诉举报热线")).id
    # Never public: a draft, a withdrawn row, an expired one and one going live tomorrow.
    out["draft"] = (await f.penalty(firm, state=PublicationState.DRAFT, dept=yiwu)).id
    withdrawn = await f.penalty(firm, dept=yiwu)
    withdrawn.publication_state = PublicationState.WITHDRAWN
    await withdrawn.save()
    out["withdrawn"] = withdrawn.id
    out["expired"] = (await f.penalty(firm, dept=yiwu, decided_on=dt.date(2023, 1, 5))).id
    future = await f.regulation("明天才发布的通知", department=yiwu)
    future.published_at = clock.now() + dt.timedelta(days=1)
    await future.save()
    out["future"] = future.id
    async with in_transaction() as conn:
        note = await notices.record(
            conn, kind="penalty", object_id=withdrawn.id, action=NoticeAction.WITHDRAWN,
            title=f"{firm.name} 行政处罚决定", summary="该处罚决定已撤回", reason="事实认定有误",
            department_id=yiwu.id, enterprise_id=firm.id)
    out["notice"] = note.id
    return out


FEEDS = ["/feeds/all.atom", "/feeds/regulations.atom", "/feeds/inspection-items.atom",
         "/feeds/sampling-plans.atom", "/feeds/inspection-results.atom", "/feeds/penalties.atom",
         "/feeds/channels.atom", "/feeds/lists/abnormal.atom",
         "/feeds/lists/serious-dishonesty.atom"]


async def test_every_feed_is_valid_atom_and_shows_only_public_rows(
    client: httpx.AsyncClient, today: None
) -> None:
    w = await world()
    paths = FEEDS + [f"/feeds/departments/{w['yiwu']}.atom", f"/feeds/enterprises/{w['uscc']}.atom"]
    seen: set[str] = set()
    for path in paths:
        root = parse(await client.get(path))
        assert root.xpath("a:link[@rel='self']/@href", namespaces=NS) == [f"http://testserver{path}"]
        assert all(i.startswith("tag:localhost,2026:") for i in ids(root))
        seen |= {i.split(":", 2)[2] for i in ids(root)}
    for hidden in ("draft", "withdrawn", "expired"):
        assert f"penalty/{w[hidden]}" not in seen  # (the withdrawal's notice is an entry)
    assert f"regulation/{w['future']}" not in seen
    root = parse(await client.get("/feeds/all.atom"))
    keys = {i.split(":", 2)[2] for i in ids(root)}
    assert keys == {
        f"regulation/{w['regulation']}", f"inspection_item/{w['item']}", f"sampling_plan/{w['plan']}",
        f"inspection_result/{w['result']}", f"penalty/{w['penalty']}",
        f"penalty/{w['other_penalty']}", f"list_entry/{w['listing']}", f"list_entry/{w['removed']}",
        f"list_entry/{w['removed']}/removed", f"complaint_channel/{w['channel']}",
        f"notice/{w['notice']}",
    }


async def test_an_entry_has_title_link_author_updated_and_a_public_summary(
    client: httpx.AsyncClient, today: None
) -> None:
    w = await world()
    root = parse(await client.get("/feeds/penalties.atom"))
    key = f"a:entry[a:id[contains(., ':penalty/{w['penalty']}')]]"
    entry = root.xpath(key, namespaces=NS)[0]
    assert entry.findtext(f"{ATOM}title").startswith("义乌市华联商贸有限公司 行政处罚决定")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "义乌市市场监督管理局"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/penalties/{w['penalty']}"
    summary = entry.findtext(f"{ATOM}summary")
    assert "销售不合格商品" in summary and "公示至 2026-02-28" in summary
    assert entry.findtext(f"{ATOM}updated") == "2025-06-15T10:00:00+08:00"
    notice = root.xpath("a:entry[a:id[contains(., ':notice/')]]", namespaces=NS)[0]
    assert notice.findtext(f"{ATOM}title").startswith("撤回公告：")
    assert "事实认定有误" in notice.findtext(f"{ATOM}summary")


async def test_department_and_enterprise_feeds_hold_only_their_own(
    client: httpx.AsyncClient, today: None
) -> None:
    w = await world()
    yiwu = links(parse(await client.get(f"/feeds/departments/{w['yiwu']}.atom")))
    assert f"http://testserver/penalties/{w['penalty']}" in yiwu
    assert f"http://testserver/penalties/{w['other_penalty']}" not in yiwu
    assert f"http://testserver/sampling-plans/{w['plan']}" in yiwu  # a participant
    assert f"http://testserver/regulations/{w['regulation']}" in yiwu
    assert f"http://testserver/penalties/{w['withdrawn']}" in yiwu  # the withdrawal notice
    wucheng = links(parse(await client.get(f"/feeds/departments/{w['wucheng']}.atom")))
    assert f"http://testserver/penalties/{w['other_penalty']}" in wucheng
    assert f"http://testserver/penalties/{w['penalty']}" not in wucheng
    firm = parse(await client.get(f"/feeds/enterprises/{w['uscc']}.atom"))
    keys = {i.split(":", 2)[2] for i in ids(firm)}
    assert keys == {f"inspection_result/{w['result']}", f"penalty/{w['penalty']}",
                    f"list_entry/{w['listing']}", f"notice/{w['notice']}"}
    other = {i.split(":", 2)[2] for i in ids(parse(
        await client.get(f"/feeds/enterprises/{w['other_uscc']}.atom")))}
    assert f"list_entry/{w['removed']}/removed" in other and f"notice/{w['notice']}" not in other


async def test_blacklist_feeds_list_listings_removals_and_their_notices(
    client: httpx.AsyncClient, today: None
) -> None:
    w = await world()
    async with in_transaction() as conn:
        delisted = await notices.record(
            conn, kind="list_entry", object_id=int(w["listing"]), action=NoticeAction.REPAIRED,
            title="华联 严重违法失信名单", summary="信用修复，停止公示")
    serious = {i.split(":", 2)[2] for i in ids(parse(
        await client.get("/feeds/lists/serious-dishonesty.atom")))}
    assert serious == {f"list_entry/{w['listing']}", f"notice/{delisted.id}"}
    abnormal = {i.split(":", 2)[2] for i in ids(parse(
        await client.get("/feeds/lists/abnormal.atom")))}
    assert abnormal == {f"list_entry/{w['removed']}", f"list_entry/{w['removed']}/removed"}


async def test_hostile_text_is_escaped_and_control_characters_dropped(
    client: httpx.AsyncClient, today: None
) -> None:
    firm = await f.enterprise(f"恶意{HOSTILE}公司")
    pen = await f.penalty(firm)
    pen.violation = HOSTILE
    await pen.save()
    for path in ("/feeds/all.atom", f"/feeds/enterprises/{firm.uscc}.atom"):
        response = await client.get(path)
        assert b"<script>" not in response.content
        root = parse(response)
        title = root.find(f"{ATOM}entry/{ATOM}title").text
        assert "<script>alert('x')</script> & ]]> 罚款\"'" in title
    assert b"<script>" not in (await client.get(f"/enterprises/{firm.uscc}")).content


async def test_conditional_requests_get_304(client: httpx.AsyncClient, today: None) -> None:
    await world()
    first = await client.get("/feeds/all.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert modified == "Mon, 16 Jun 2025 02:00:00 GMT"  # the notice
    again = await client.get("/feeds/all.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert (await client.get("/feeds/all.atom", headers={"If-Modified-Since": modified})
            ).status_code == 304
    assert (await client.get("/feeds/all.atom", headers={"If-None-Match": '"other"'})
            ).status_code == 200
    assert (await client.get("/feeds/all.atom", headers={"If-Modified-Since": "garbage"})
            ).status_code == 200
    await f.regulation("新发布的规章")
    changed = await client.get("/feeds/all.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    # Rows leave feeds at midnight: a new day is a new Last-Modified even with no new entry.
    with clock.frozen(dt.datetime(2025, 6, 17, 9, 0)):  # before the "future" row goes live
        tomorrow = await client.get("/feeds/all.atom", headers={"If-Modified-Since": modified})
        assert tomorrow.status_code == 200
        assert tomorrow.headers["last-modified"] == "Mon, 16 Jun 2025 16:00:00 GMT"


async def test_unknown_feeds_are_404_and_a_bad_credit_code_is_400(
    client: httpx.AsyncClient, today: None
) -> None:
    w = await world()
    for path in ("/feeds/nothing.atom", "/feeds/lists.atom", "/feeds/lists/blue.atom",
                 "/feeds/departments/99999.atom", "/feeds/departments/99999999999999999999.atom",
                 "/feeds/enterprises/91330782MA0000009X.atom",
                 "/feeds/enterprises/913307820000000000.atom"):
        response = await client.get(path)
        assert response.status_code == 404, path
    bad = await client.get("/feeds/enterprises/91330782MA00OOO1.atom")
    assert bad.status_code == 400 and "统一社会信用代码" in bad.text
    assert (await client.get(f"/feeds/departments/{w['yiwu']}.atom")).status_code == 200


async def test_feed_query_count_is_constant_in_the_number_of_entries(
    client: httpx.AsyncClient, today: None
) -> None:
    async def count() -> dict[str, int]:
        out = {}
        for path in ("/feeds/all.atom", "/feeds/penalties.atom", "/feeds/lists/abnormal.atom",
                     f"/feeds/enterprises/{firm.uscc}.atom", f"/feeds/departments/{dept.id}.atom"):
            invalidate()  # the worst case: reference rows not yet cached
            with count_queries() as statements:
                assert (await client.get(path)).status_code == 200
            out[path] = len(statements)
        return out

    dept = await f.department()
    firm = await f.enterprise()

    async def one_of_each() -> None:
        other = await f.enterprise()
        await f.penalty(firm, dept=dept)
        await f.result(firm, dept=dept)
        await f.list_entry_by(dept, firm, removed_on=dt.date(2025, 5, 1))
        await f.regulation("规章", department=dept)
        await f.inspection_item("事项", dept=dept)
        await f.joint_plan("计划", lead=dept)
        await f.channel()
        async with in_transaction() as conn:
            await notices.record(conn, kind="penalty", object_id=1, action=NoticeAction.CORRECTED,
                                 title="更正", department_id=dept.id, enterprise_id=other.id)

    await one_of_each()
    small = await count()
    for _ in range(12):
        await one_of_each()
    assert await count() == small


async def test_entries_per_feed_come_from_settings(
    client: httpx.AsyncClient, today: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    await world()
    monkeypatch.setenv("PORTAL_FEED_ENTRIES", "3")
    get_settings.cache_clear()
    try:
        root = parse(await client.get("/feeds/all.atom"))
    finally:
        monkeypatch.delenv("PORTAL_FEED_ENTRIES")
        get_settings.cache_clear()
    assert len(ids(root)) == 3
    assert len(ids(parse(await client.get("/feeds/all.atom")))) == 11
