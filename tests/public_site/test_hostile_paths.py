"""Every public GET route answers hostile path parameters and query strings without a 500."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.routing import Mount, Route

from portal.app import create_app

pytestmark = pytest.mark.anyio
HOSTILE_VALUES = {
    "int": ["0", "99999999999999999999", "2147483648"],
    "str": ["%00", "..%2F..%2Fetc", "91330782MA2E3K7P3X", "ABC", "x" * 300, "<script>"],
}
QUERIES = ["", "?first=-1", "?first=abc", "?after=%00", "?year=99999", "?region=%27", "?q=" + "字" * 500,
           "?year=%C2%B2&first=%C2%B2&department=%C2%B2"]  # ² is a digit to str.isdigit, not to int()


def _public_get_paths() -> list[str]:
    app = create_app(manage_db=False)
    out: list[str] = []

    def walk(routes: list[object], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                if route.path in ("/static", "/backoffice", "/oidc"):
                    continue
                walk(list(route.routes), prefix + route.path)
            elif isinstance(route, Route) and "GET" in (route.methods or set()):
                out.append(prefix + route.path)

    walk(list(app.routes), "")
    return sorted(set(out))


def _fill(path: str) -> list[str]:
    params = re.findall(r"\{(\w+)(?::(\w+))?\}", path)
    if not params:
        return [path]
    filled = []
    for name, kind in params[:1]:
        for value in HOSTILE_VALUES["int" if kind == "pk" else "str"]:
            filled.append(re.sub(r"\{" + name + r"(?::\w+)?\}", value, path, count=1))
    return [re.sub(r"\{\w+(?::\w+)?\}", "1", p) for p in filled]


async def test_no_public_get_route_answers_500(client: httpx.AsyncClient) -> None:
    templates = _public_get_paths()
    # the walk reaches the pages, the feeds, the enterprise area and the tip pages
    assert {"/enterprises/{code}", "/feeds/{slug}.atom", "/my/repairs/{id:pk}",
            "/tips/status/files/{id:pk}", "/sampling-tasks/{id:pk}/draw"} <= set(templates)
    failures = []
    for template in templates:
        for path in _fill(template):
            for query in QUERIES:
                response = await client.get(path + query)
                if response.status_code >= 500:
                    failures.append((path + query, response.status_code))
    assert failures == []
