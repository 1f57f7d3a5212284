"""What the HTTP benchmark asks: the three scenarios, with deterministic random inputs.

- ``page``: GET /enterprises/{uscc} (the public enterprise page, HTML) for random enterprises;
- ``enterprise``: POST /graphql ``enterprise(uscc:)`` with nested results, penalties, lists;
- ``results``: POST /graphql ``inspectionResults`` filtered by region + resultCode + year,
  ``first: 20``, with ``enterprise { name uscc }`` and ``department { name }``. Regions are 75%
  counties, 25% cities; result codes follow the dataset's own mix; years are the last three;
- ``floor`` (no target): POST /graphql ``{ __typename }`` — middleware + strawberry, no DB.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sqlite3
from typing import Any

from bench import words
from bench.generate import Target
from bench.loadgen import Req

ENTERPRISE_QUERY = """
query Enterprise($uscc: String!) {
  enterprise(uscc: $uscc) {
    id uscc name entityType address status establishedOn
    region { code name } industry { code name }
    inspectionResults { id inspectedOn resultCode resultLabel details department { name } item { name } }
    penalties { id decisionNumber decidedOn severity violation content fineAmount
                displayedUntil repairableFrom department { name } }
    listEntries { id kind reason listedOn removedOn active displayedUntil repairableFrom
                  department { name } }
  }
}"""
RESULTS_QUERY = """
query Results($filter: InspectionResultFilter, $first: Int) {
  inspectionResults(filter: $filter, first: $first) {
    edges { cursor node { id inspectedOn resultCode resultLabel
                          enterprise { name uscc } department { name } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
FLOOR_QUERY = "query Floor { __typename }"  # no resolver, no database: the stack's own cost
SCENARIOS = ("page", "enterprise", "results", "floor")


def _compact(query: str) -> str:
    return re.sub(r"\s+", " ", query).strip()


async def _pg_fetch(url: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await conn.fetch(sql, *args)]
    finally:
        await conn.close()


def _fetch(t: Target, sql: str, ids: list[int] | None = None) -> list[tuple[Any, ...]]:
    if t.path is not None:
        conn = sqlite3.connect(t.path)
        try:
            if ids is None:
                return conn.execute(sql).fetchall()
            marks = ",".join("?" * len(ids))
            return conn.execute(sql.replace("$IDS", marks), ids).fetchall()
        finally:
            conn.close()
    if ids is None:
        return asyncio.run(_pg_fetch(t.url, sql))
    return asyncio.run(_pg_fetch(t.url, sql.replace("IN ($IDS)", "= ANY($1::int[])"), ids))


def sample(t: Target, seed: int, anchor_year: int, n: int = 2000) -> dict[str, list[Req]]:
    rng = random.Random(f"{seed}:http")
    total = int(_fetch(t, "SELECT max(id) FROM enterprise")[0][0])
    ids = rng.sample(range(1, total + 1), min(n, total))
    codes = dict(_fetch(t, "SELECT id, uscc FROM enterprise WHERE id IN ($IDS)", ids))
    usccs = [codes[i] for i in ids]
    regions = _fetch(t, "SELECT code, parent_id FROM region WHERE parent_id IS NOT NULL")
    counties = [c for c, parent in regions if parent != "330000"]
    cities = [c for c, parent in regions if parent == "330000"]
    result_codes = [c.upper() for c, _, _ in words.RESULT_CODES]
    weights = [w for _, w, _ in words.RESULT_CODES]

    def graphql(query: str, variables: dict[str, Any]) -> Req:
        body = json.dumps({"query": _compact(query), "variables": variables}, separators=(",", ":"))
        return Req("POST", "/graphql", body)

    results = []
    for _ in range(n):
        region = rng.choice(counties) if rng.random() < 0.75 else rng.choice(cities)
        code = rng.choices(result_codes, weights=weights)[0]
        year = rng.randint(anchor_year - 2, anchor_year)
        variables = {"filter": {"region": region, "resultCode": code, "year": year}, "first": 20}
        results.append(graphql(RESULTS_QUERY, variables))
    return {
        "page": [Req("GET", f"/enterprises/{u}") for u in usccs],
        "enterprise": [graphql(ENTERPRISE_QUERY, {"uscc": u}) for u in usccs],
        "results": results,
        "floor": [graphql(FLOOR_QUERY, {})],
    }


def check_response(scenario: str, status: int, body: bytes) -> str | None:
    """Why a response is not a valid answer (None if it is)."""
    if status != 200:
        return f"HTTP {status}"
    if scenario == "page":
        return None if b"<html" in body[:500].lower() else "not an HTML page"
    data = json.loads(body)
    if data.get("errors"):
        return f"GraphQL errors: {data['errors']}"
    if scenario == "enterprise" and not data["data"]["enterprise"]:
        return "enterprise not found"
    return None
