from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.core import clock
from portal.credit.models import ListKind, Severity
from tests import factories as f
from tests.gql import gql

pytestmark = pytest.mark.anyio

ENTERPRISE = """
query($uscc: String!) {
  enterprise(uscc: $uscc) {
    uscc name usccWarning
    inspectionResults { id resultCode }
    penalties { id severity displayedUntil repairableFrom }
    listEntries { id kind active displayedUntil }
  }
}"""


async def test_enterprise_shows_only_published_in_window_records(
    client: httpx.AsyncClient,
) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        ent = await f.enterprise("义乌市示例商贸有限公司")
        shown = await f.result(ent)
        await f.result(ent, state=f.DRAFT)
        general = await f.penalty(ent, decided_on=dt.date(2025, 3, 1))
        await f.penalty(ent, state=f.DRAFT)
        await f.penalty(ent, decided_on=dt.date(2023, 1, 5))  # window ended 2024-01-04
        await f.penalty(ent, severity=Severity.WARNING)  # warnings are never displayed
        listed = await f.list_entry(ent)
        await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY, state=f.DRAFT)

        body = await gql(client, ENTERPRISE, {"uscc": ent.uscc})

    data = body["data"]["enterprise"]
    assert [r["id"] for r in data["inspectionResults"]] == [str(shown.id)]
    assert data["penalties"] == [{
        "id": str(general.id), "severity": "GENERAL",
        "displayedUntil": "2026-02-28", "repairableFrom": "2025-06-01",
    }]
    assert [e["id"] for e in data["listEntries"]] == [str(listed.id)]
    assert data["listEntries"][0]["active"] is True
    assert data["usccWarning"] is None


async def test_withdrawn_and_future_publications_are_hidden(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    withdrawn = await f.result(ent, state=f.PUBLISHED)
    withdrawn.publication_state = f.PublicationState.WITHDRAWN
    await withdrawn.save()
    scheduled = await f.result(ent)
    scheduled.published_at = clock.now() + dt.timedelta(days=2)  # scheduled go-live
    await scheduled.save()
    body = await gql(client, ENTERPRISE, {"uscc": ent.uscc})
    assert body["data"]["enterprise"]["inspectionResults"] == []
    listing = await gql(client, "{ inspectionResults { totalCount nodes { id } } }")
    assert listing["data"]["inspectionResults"] == {"totalCount": 0, "nodes": []}


async def test_registration_number_alias_finds_the_enterprise(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise(reg_no="330782000123452")
    body = await gql(client, ENTERPRISE, {"uscc": "330782000123452"})
    assert body["data"]["enterprise"]["uscc"] == ent.uscc


async def test_invalid_credit_code_is_a_clear_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, ENTERPRISE, {"uscc": "91330782MA2E3K7PIX"})
    assert body["data"] == {"enterprise": None}
    error = body["errors"][0]
    assert "不允许的字符" in error["message"]
    assert error["extensions"]["code"] == "invalid_input"


async def test_unknown_code_returns_null(client: httpx.AsyncClient) -> None:
    body = await gql(client, ENTERPRISE, {"uscc": "91110000600037341L"})
    assert body == {"data": {"enterprise": None}}


async def test_pilot_code_is_found_with_a_warning(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    ent.uscc = ent.uscc[:17] + ("0" if ent.uscc[17] != "0" else "1")
    ent.uscc_is_pilot = True
    await ent.save()
    body = await gql(client, ENTERPRISE, {"uscc": ent.uscc})
    assert "试点" in body["data"]["enterprise"]["usccWarning"]


async def test_results_filters_and_keyset_pagination(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise()
    other = await f.enterprise(region_code="420704")
    for day in range(1, 6):
        await f.result(ent, on=dt.date(2025, 5, day))
    await f.result(other, on=dt.date(2025, 5, 3), code=f.ResultCode.CORRECTED)
    query = """query($after: String, $filter: InspectionResultFilter) {
      inspectionResults(first: 2, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } nodes { inspectedOn enterprise { name } }
      }}"""
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(client, query, {"after": after, "filter": {"region": "330000"}}))
        conn = page["data"]["inspectionResults"]
        assert conn["totalCount"] == 5
        seen += [n["inspectedOn"] for n in conn["nodes"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == [f"2025-05-0{d}" for d in range(5, 0, -1)]
    by_code = await gql(client, query, {"filter": {"resultCode": "CORRECTED"}})
    assert by_code["data"]["inspectionResults"]["totalCount"] == 1
    by_section = await gql(client, query, {"filter": {"industry": "F"}})  # covers F5211
    assert by_section["data"]["inspectionResults"]["totalCount"] == 6
    by_other_section = await gql(client, query, {"filter": {"industry": "C"}})
    assert by_other_section["data"]["inspectionResults"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("{ inspectionResults(first: 1000) { totalCount } }", "每页最多"),
        ('{ inspectionResults(after: "garbage!") { totalCount } }', "游标"),
        ('{ inspectionResults(filter: {region: "33"}) { totalCount } }', "行政区划"),
        ('{ penalties(filter: {dateFrom: "2025-05-01", dateTo: "2025-01-01"}) { totalCount } }',
         "起始日期"),
        ('{ regulation(id: "abc") { id } }', "数字编号"),
        ("{ enterprise(uscc: 5) { id } }", "String"),
        ("{ nope }", "nope"),
        ("{ inspectionResults { ", "Syntax Error"),
    ],
)
async def test_bad_arguments_get_clear_errors_not_500(
    client: httpx.AsyncClient, query: str, fragment: str
) -> None:
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code in (200, 400)
    body = response.json()
    assert any(fragment in e["message"] for e in body["errors"]), body


async def test_depth_alias_and_size_limits(client: httpx.AsyncClient) -> None:
    deep = "{ departments { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }"
    body = (await client.post("/graphql", json={"query": deep})).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: departments {{ id }}" for i in range(30)) + " }"
    body = (await client.post("/graphql", json={"query": aliases})).json()
    assert "aliases" in body["errors"][0]["message"]
    huge = "{ departments { id } }" + " " * 50_000
    response = await client.post("/graphql", json={"query": huge})
    assert response.status_code == 413
    assert "请求过大" in response.text


async def test_unexpected_errors_are_masked(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal.reference import queries

    async def broken() -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "all_departments", broken)
    body = (await client.post("/graphql", json={"query": "{ departments { id } }"})).json()
    assert body["errors"][0]["message"] == "服务器处理请求时出错，请稍后再试。"
    assert "secret" not in str(body)


async def test_list_entries_by_kind_and_active(client: httpx.AsyncClient) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        ent = await f.enterprise()
        await f.list_entry(ent, kind=ListKind.ABNORMAL)
        await f.list_entry(ent, kind=ListKind.ABNORMAL, removed_on=dt.date(2025, 4, 1))
        await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY)
        q = """query($kind: ListKind, $active: Boolean) {
          listEntries(kind: $kind, filter: {active: $active}) { totalCount nodes { active } } }"""
        abnormal = await gql(client, q, {"kind": "ABNORMAL"})
        active = await gql(client, q, {"kind": "ABNORMAL", "active": True})
        everything = await gql(client, q, {})
    assert abnormal["data"]["listEntries"]["totalCount"] == 2
    assert active["data"]["listEntries"]["nodes"] == [{"active": True}]
    assert everything["data"]["listEntries"]["totalCount"] == 3


async def test_every_public_kind_is_scoped(client: httpx.AsyncClient) -> None:
    await f.regulation("公开的规章")
    await f.regulation("草稿规章", state=f.DRAFT)
    await f.item()
    await f.item(state=f.DRAFT)
    shown_plan = await f.plan("公开计划")
    await f.task(shown_plan)
    await f.task(shown_plan, state=f.DRAFT)
    await f.plan("草稿计划", state=f.DRAFT)
    await f.channel("12315")
    await f.channel("未公开渠道", state=f.DRAFT)
    body = await gql(client, """{
      regulations { nodes { title } }
      inspectionItems { totalCount }
      samplingPlans { nodes { name tasks { id } } }
      complaintChannels { nodes { name } }
    }""")
    data = body["data"]
    assert data["regulations"]["nodes"] == [{"title": "公开的规章"}]
    assert data["inspectionItems"]["totalCount"] == 1
    assert [p["name"] for p in data["samplingPlans"]["nodes"]] == ["公开计划"]
    assert len(data["samplingPlans"]["nodes"][0]["tasks"]) == 1
    assert data["complaintChannels"]["nodes"] == [{"name": "12315"}]
