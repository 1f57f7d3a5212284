"""`search` in the public GraphQL API: shape, hostile input, clear errors, constant SQL."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from portal.core.ids import make_uscc
from portal.reference.cache import invalidate
from schema.context import PublicContext
from schema.public import public_schema
from search import runtime
from search.backend import SearchBackend
from search.meili import MeiliBackend
from search.reindex import reindex
from tests import factories as f
from tests.gql import gql
from tests.querycount import count_queries
from tests.search.conftest import Corpus

pytestmark = pytest.mark.anyio

SEARCH = """query($q: String!, $kinds: [SearchKind!], $filters: SearchFilter, $first: Int,
               $after: String, $sort: SearchSort) {
  search(query: $q, kinds: $kinds, filters: $filters, first: $first, after: $after, sort: $sort) {
    query total notices
    exactMatch { kind id link title }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    hits { kind id title titleHtml snippet snippetHtml link date cursor }
    facets { kind { value label count } region { value label count }
             department { value label count } year { value label count }
             resultCode { value label count } listKind { value label count } }
  }
}"""


async def search(client: httpx.AsyncClient, q: str, **variables: object) -> dict[str, object]:
    return await gql(client, SEARCH, {"q": q, **variables})


async def test_search_returns_hits_facets_and_total(client: httpx.AsyncClient,
                                                    corpus: Corpus) -> None:
    body = await search(client, "华联商贸")
    assert "errors" not in body
    result = body["data"]["search"]  # type: ignore[index]
    assert result["total"] == 3
    top = result["hits"][0]
    assert top["kind"] == "ENTERPRISE" and top["title"] == "义乌市华联商贸有限公司"
    assert top["titleHtml"] == "义乌市<mark>华联商贸</mark>有限公司"
    assert top["link"] == f"/enterprises/{corpus.hualian.uscc}"
    assert {v["value"] for v in result["facets"]["kind"]} == {
        "ENTERPRISE", "PENALTY", "INSPECTION_RESULT"}
    assert result["facets"]["resultCode"] == [
        {"value": "CORRECTED", "label": "发现问题已责令改正", "count": 1}]
    assert result["pageInfo"]["hasNextPage"] is False


async def test_facet_values_can_be_passed_back_as_filters(client: httpx.AsyncClient,
                                                          corpus: Corpus) -> None:
    body = await search(client, "华联", kinds=["PENALTY"],
                        filters={"region": "330700", "year": 2025})
    hits = body["data"]["search"]["hits"]  # type: ignore[index]
    assert [h["kind"] for h in hits] == ["PENALTY"]
    body = await search(client, "检查", filters={"resultCode": "NO_PROBLEM"}, sort="NEWEST")
    assert [h["kind"] for h in body["data"]["search"]["hits"]] == [  # type: ignore[index]
        "INSPECTION_RESULT"]


@pytest.mark.parametrize("query", [
    "", "   ", "！？。，、", "<script>alert(1)</script>", "' OR 1=1; DROP TABLE enterprise; --",
    'kind = "penalty" OR year > 0', "*:*", "title:监管 AND NOT", "\u0000\u001b\u202e", "监" * 5000,
    "𠀀𠀁", "a" * 3000,
])
async def test_hostile_or_odd_queries_get_an_answer_not_an_error(
    client: httpx.AsyncClient, corpus: Corpus, query: str
) -> None:
    body = await search(client, query)
    assert "errors" not in body, body
    result = body["data"]["search"]  # type: ignore[index]
    assert isinstance(result["total"], int)
    for hit in result["hits"]:
        assert "<script" not in hit["titleHtml"] + hit["snippetHtml"]
    if not query.strip() or len(query) > 100 or query == "！？。，、":
        assert result["notices"], query


async def test_credit_codes(client: httpx.AsyncClient, corpus: Corpus) -> None:
    found = (await search(client, corpus.sinopec.uscc))["data"]["search"]  # type: ignore[index]
    assert found["exactMatch"]["link"] == f"/enterprises/{corpus.sinopec.uscc}"
    invalid = (await search(client, "91330782MA2E3K7PIO"))["data"]["search"]  # type: ignore[index]
    assert invalid["exactMatch"] is None
    assert "不是有效的统一社会信用代码" in invalid["notices"][0]
    unknown = make_uscc("9", "1", "110101", "MA9X9X9X")
    missing = (await search(client, unknown))["data"]["search"]  # type: ignore[index]
    assert missing["exactMatch"] is None and "未找到" in missing["notices"][0]


@pytest.mark.parametrize(("variables", "field"), [
    ({"filters": {"region": "33"}}, "region"),
    ({"filters": {"department": "abc"}}, "department"),
    ({"filters": {"year": 12}}, "year"),
    ({"after": "not-a-cursor"}, "after"),
    ({"first": 1000}, "first"),
])
async def test_bad_arguments_are_clear_errors(client: httpx.AsyncClient, corpus: Corpus,
                                              variables: dict[str, object], field: str) -> None:
    body = await search(client, "华联", **variables)
    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"] == {"code": "invalid_input", "field": field}
    assert "服务器" not in error["message"]


@pytest.fixture
async def unavailable(db_clean: None) -> AsyncIterator[SearchBackend]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = MeiliBackend(f"http://127.0.0.1:{port}", None, timeout=2)
    runtime.install(down)
    yield down
    runtime.uninstall(down)
    await down.close()


async def test_search_backend_down_is_a_clear_error(client: httpx.AsyncClient,
                                                    unavailable: SearchBackend) -> None:
    body = await search(client, "华联")
    assert body["errors"][0]["extensions"]["code"] == "search_unavailable"  # type: ignore[index]
    assert "暂时不可用" in body["errors"][0]["message"]  # type: ignore[index]


async def _statements(first: int) -> int:
    invalidate()  # the worst case: reference rows not yet cached
    with count_queries() as statements:
        result = await public_schema().execute(
            SEARCH, variable_values={"q": "批量", "first": first, "kinds": ["PENALTY"]},
            context_value=PublicContext(),
        )
    assert result.errors is None, result.errors
    assert len(result.data["search"]["hits"]) == first  # type: ignore[index]
    return len(statements)


async def test_hits_resolve_in_batches_constant_queries(embedded: SearchBackend,
                                                        today: None) -> None:
    departments = [await f.department(f"第{i}市场监管所") for i in range(4)]
    for i in range(45):
        enterprise = await f.enterprise(f"批量测试{i}号商行")
        await f.penalty(enterprise, dept=departments[i % 4])
    await reindex(embedded)
    assert await _statements(40) == await _statements(5)
    assert await _statements(5) <= 4
