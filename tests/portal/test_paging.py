"""Keyset paging when the leading sort key can be empty: rows without it come last, on every
database, and a cursor can point into either part."""

from __future__ import annotations

import base64
import datetime as dt
import json

import httpx
import pytest

from tests import factories as f
from tests.gql import gql

pytestmark = pytest.mark.anyio
QUERY = """query($after: String) {
  regulations(first: 2, after: $after) { nodes { id title } pageInfo { hasNextPage endCursor } } }"""


async def test_undated_regulations_page_after_the_dated_ones(client: httpx.AsyncClient) -> None:
    dated = [await f.regulation_with(f"有日期{n}", issued_on=dt.date(2020, 1, 1 + n)) for n in range(3)]
    undated = [await f.regulation_with(f"无日期{n}", issued_on=None) for n in range(3)]
    seen: list[str] = []
    after = None
    for _ in range(10):
        body = await gql(client, QUERY, {"after": after})
        assert "errors" not in body, body
        page = body["data"]["regulations"]
        seen += [n["title"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    newest_first = [r.title for r in reversed(dated)]
    assert seen == newest_first + [r.title for r in reversed(undated)]


async def test_a_cursor_may_not_leave_the_unique_key_empty(client: httpx.AsyncClient) -> None:
    await f.regulation_with("无日期", issued_on=None)
    forged = base64.urlsafe_b64encode(json.dumps([None, None]).encode()).decode().rstrip("=")
    body = await gql(client, QUERY, {"after": forged})
    assert body["errors"][0]["extensions"]["code"] == "invalid_input"
    assert "游标" in body["errors"][0]["message"]
