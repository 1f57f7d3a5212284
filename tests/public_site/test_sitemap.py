"""/robots.txt, /sitemap.xml and the sitemaps: every public record page, nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from lxml import etree

from portal.config import get_settings
from portal.core import clock
from portal.core.clock import CST
from portal.core.publication import PublicationState as S
from portal.credit.models import Penalty
from portal.exports import sitemap
from portal.publishing import services
from tests import factories as f

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("frozen_today", "base")]
BASE = "https://portal.example.gov.cn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# The sitemaps.org 0.9 protocol's rules that matter here, as a schema: the root elements, at most
# 50,000 entries, loc an absolute URI of at most 2,048 characters, lastmod a W3C datetime.
XSD = etree.XMLSchema(etree.fromstring(b"""<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <xsd:simpleType name="loc"><xsd:restriction base="xsd:anyURI">
    <xsd:minLength value="12"/><xsd:maxLength value="2048"/>
  </xsd:restriction></xsd:simpleType>
  <xsd:complexType name="entry"><xsd:sequence>
    <xsd:element name="loc" type="loc"/>
    <xsd:element name="lastmod" type="xsd:dateTime" minOccurs="0"/>
  </xsd:sequence></xsd:complexType>
  <xsd:element name="urlset"><xsd:complexType><xsd:sequence>
    <xsd:element name="url" type="entry" maxOccurs="50000"/>
  </xsd:sequence></xsd:complexType></xsd:element>
  <xsd:element name="sitemapindex"><xsd:complexType><xsd:sequence>
    <xsd:element name="sitemap" type="entry" maxOccurs="50000"/>
  </xsd:sequence></xsd:complexType></xsd:element>
</xsd:schema>"""))


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PORTAL_BASE_URL", BASE + "/")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def entries(client: httpx.AsyncClient, path: str) -> dict[str, str | None]:
    """loc → lastmod of a valid sitemap or sitemap index."""
    response = await client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=30"
    root = etree.fromstring(response.content)
    XSD.assertValid(root)
    return {e.findtext("s:loc", namespaces=NS): e.findtext("s:lastmod", namespaces=NS)
            for e in root}


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(CST).isoformat(timespec="seconds")


async def test_robots_txt_points_to_the_sitemap_index(client: httpx.AsyncClient) -> None:
    response = await client.get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *" and f"Sitemap: {BASE}/sitemap.xml" in lines
    assert {"Disallow: /backoffice/", "Disallow: /my/", "Disallow: /exports/"} <= set(lines)


async def test_the_index_names_the_pages_and_every_kind_that_has_public_records(
    client: httpx.AsyncClient,
) -> None:
    await f.regulation()
    await f.penalty(await f.enterprise())
    await f.plan(state=S.DRAFT)  # the only plan is not public: no sitemap of plans

    index = await entries(client, "/sitemap.xml")

    assert list(index) == [f"{BASE}/sitemaps/pages.xml", f"{BASE}/sitemaps/regulations/1.xml",
                           f"{BASE}/sitemaps/penalties/1.xml", f"{BASE}/sitemaps/enterprises/1.xml"]
    pages = await entries(client, "/sitemaps/pages.xml")
    assert f"{BASE}/" in pages and f"{BASE}/lists/serious-dishonesty" in pages
    for loc in (*index, *pages):  # every listed address answers
        assert (await client.get(loc.removeprefix(BASE))).status_code == 200, loc


async def test_only_public_records_are_listed_with_their_publication_time(
    client: httpx.AsyncClient,
) -> None:
    shown_ent = await f.enterprise("公示中公司")
    regulation = await f.regulation("公开的规章")
    plan = await f.plan("公开的计划")
    penalty = await f.penalty(shown_ent)
    entry = await f.list_entry(await f.enterprise("名录公司"))
    result_only = await f.enterprise("仅有检查结果公司")
    await f.result(result_only)
    hidden = []
    await f.regulation("草稿规章", state=S.DRAFT)
    await f.plan("已撤回计划", state=S.WITHDRAWN)
    for name, extra in (("草稿公司", {"state": S.DRAFT}), ("过期公司", {"decided_on": dt.date(2023, 1, 5)}),
                        ("已修复公司", {"repaired_at": clock.now()}), ("已撤回公司", {"state": S.WITHDRAWN})):
        ent = await f.enterprise(name)
        hidden.append((await f.penalty(ent, **extra), ent))
    scheduled_ent = await f.enterprise("定时发布公司")
    scheduled = await f.penalty(scheduled_ent)
    await Penalty.filter(id=scheduled.id).update(published_at=clock.now() + dt.timedelta(hours=2))
    hidden.append((scheduled, scheduled_ent))
    no_records = await f.enterprise("没有公开记录公司")
    await f.result(no_records, state=S.DRAFT)

    listed = {}
    for kind in sitemap.KINDS:
        for number in await sitemap.sitemap_numbers(kind):
            listed.update(await entries(client, f"/sitemaps/{kind}/{number}.xml"))

    published = stamp(regulation.published_at)  # factories publish a day before "now"
    assert listed == {
        f"{BASE}/regulations/{regulation.id}": published,
        f"{BASE}/sampling-plans/{plan.id}": published,
        f"{BASE}/penalties/{penalty.id}": published,
        f"{BASE}/lists/entries/{entry.id}": published,
        f"{BASE}/enterprises/{shown_ent.uscc}": published,
        f"{BASE}/enterprises/{(await entry.enterprise).uscc}": published,
        f"{BASE}/enterprises/{result_only.uscc}": published,
    }
    for p, ent in hidden:
        assert f"{BASE}/penalties/{p.id}" not in listed and f"{BASE}/enterprises/{ent.uscc}" not in listed
    assert f"{BASE}/enterprises/{no_records.uscc}" not in listed
    for loc in listed:  # every listed record page answers
        assert (await client.get(loc.removeprefix(BASE))).status_code == 200, loc


async def test_a_correction_moves_lastmod_of_the_record_and_its_enterprise(
    client: httpx.AsyncClient,
) -> None:
    dept = await f.department()
    ent = await f.enterprise()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    rev = await services.save_draft(editor, "penalty", f.penalty_values(ent), department_id=dept.id)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "penalty", rev.object_id, action)
    published = (await Penalty.get(id=rev.object_id)).published_at
    corrected_at = dt.datetime(2025, 6, 20, 9, 30, tzinfo=CST)
    with clock.frozen(corrected_at):
        await services.transition(editor, "penalty", rev.object_id, "correct", reason="金额有误")
        await services.save_draft(editor, "penalty", {"fine_amount": "3000"}, object_id=rev.object_id)
        for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
            await services.transition(who, "penalty", rev.object_id, action)
        penalties = await entries(client, "/sitemaps/penalties/1.xml")
        enterprises = await entries(client, "/sitemaps/enterprises/1.xml")
    assert (await Penalty.get(id=rev.object_id)).published_at == published  # kept by a correction
    assert penalties == {f"{BASE}/penalties/{rev.object_id}": stamp(corrected_at)}
    assert enterprises == {f"{BASE}/enterprises/{ent.uscc}": stamp(corrected_at)}


async def test_sitemaps_are_split_by_key_range_and_empty_ranges_are_left_out(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemap, "URLS_PER_SITEMAP", 2)
    monkeypatch.setattr(sitemap, "BATCH", 1)  # and read one key at a time
    regulations = [await f.regulation(f"规章{n}", state=S.DRAFT if n in (2, 3) else S.PUBLISHED)
                   for n in range(5)]
    ids = [r.id for r in regulations]
    assert ids == list(range(ids[0], ids[0] + 5)) and ids[0] == 1  # keys 1–5: ranges 1–2, 3–4, 5–6
    enterprises = [await f.enterprise(f"企业{n}") for n in range(3)]
    await f.penalty(enterprises[0])
    await f.result(enterprises[2])

    index = await entries(client, "/sitemap.xml")

    assert [loc for loc in index if "/regulations/" in loc or "/enterprises/" in loc] == [
        f"{BASE}/sitemaps/regulations/1.xml", f"{BASE}/sitemaps/regulations/3.xml",
        f"{BASE}/sitemaps/enterprises/1.xml", f"{BASE}/sitemaps/enterprises/2.xml"]
    assert list(await entries(client, "/sitemaps/regulations/1.xml")) == [
        f"{BASE}/regulations/1", f"{BASE}/regulations/2"]
    assert (await client.get("/sitemaps/regulations/2.xml")).status_code == 404  # 3, 4: drafts
    assert list(await entries(client, "/sitemaps/regulations/3.xml")) == [f"{BASE}/regulations/5"]
    assert list(await entries(client, "/sitemaps/enterprises/1.xml")) == [
        f"{BASE}/enterprises/{enterprises[0].uscc}"]
    assert list(await entries(client, "/sitemaps/enterprises/2.xml")) == [
        f"{BASE}/enterprises/{enterprises[2].uscc}"]


@pytest.mark.parametrize("path", [
    "/sitemaps/regulations/0.xml", "/sitemaps/regulations/99999999999999999999.xml",
    "/sitemaps/regulations/42950.xml", "/sitemaps/unknown/1.xml", "/sitemaps/penalties/1.xml",
])
async def test_a_sitemap_that_does_not_exist_is_404(client: httpx.AsyncClient, path: str) -> None:
    await f.regulation()
    response = await client.get(path)
    assert response.status_code == 404 and "没有这个站点地图" in response.text


async def test_a_sitemap_costs_the_same_statements_for_few_records_as_for_many(
    client: httpx.AsyncClient,
) -> None:
    from tests.querycount import count_queries

    async def statements(path: str) -> int:
        with count_queries() as seen:
            assert (await client.get(path)).status_code == 200
        return len(seen)

    ent = await f.enterprise()
    for _ in range(3):
        await f.penalty(ent)
    few = {p: await statements(p) for p in ("/sitemaps/penalties/1.xml", "/sitemaps/enterprises/1.xml")}
    for _ in range(30):
        await f.penalty(await f.enterprise())
    many = {p: await statements(p) for p in few}
    assert many == few
