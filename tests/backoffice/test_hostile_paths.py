"""Every back-office GET route answers hostile path parameters and query strings without a 500,
for a signed-in member of staff who holds every role (so no route stops at the permission check)."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.routing import Mount, Route

from portal.core.policies import Role
from tests import factories
from tests.backoffice.browser import login
from tests.identity.helpers import current_code, staff

pytestmark = pytest.mark.anyio
HOSTILE = {
    # 2147483648 is one past PostgreSQL's integer key: it must be "no such record", not a crash
    "pk": ["0", "2147483648", "99999999999999999999"],
    "str": ["%00", "..%2F..%2Fetc", "regulation", "x" * 300, "<script>"],
}
QUERIES = ["", "?first=-1", "?first=abc", "?after=%00", "?page=99999999999", "?q=" + "字" * 500,
           "?department=2147483648", "?status=%27",
           "?from=%C2%B2&to=1&year=%C2%B2&due=%C2%B2&department=%C2%B2"]  # ²: isdigit, not int()


def _get_paths(app: object) -> list[str]:
    out: list[str] = []

    def walk(routes: list[object], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                if route.path == "/static":
                    continue
                walk(list(route.routes), prefix + route.path)
            elif isinstance(route, Route) and "GET" in (route.methods or set()):
                out.append(prefix + route.path)

    backoffice = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/backoffice")  # type: ignore[attr-defined]
    walk(list(backoffice.routes), "")
    return sorted(set(out))


def _fill(path: str) -> list[str]:
    """Each parameter in turn takes every hostile value; the others take a plausible one."""
    params = re.findall(r"\{(\w+)(?::(\w+))?\}", path)
    plausible = {"kind": "regulation", "action": "approve"}
    filled = []
    for name, kind in params:
        for value in HOSTILE["pk" if kind == "pk" else "str"]:
            one = re.sub(r"\{" + name + r"(?::\w+)?\}", value, path, count=1)
            filled.append(re.sub(r"\{(\w+)(?::\w+)?\}",
                                 lambda m: plausible.get(m.group(1), "1"), one))
    return filled or [path]


async def test_no_backoffice_get_route_answers_500(browser: httpx.AsyncClient) -> None:
    from portal.app import create_app

    dept = await factories.department()
    everyone = await staff("all-roles", *[(role, None if role is Role.ADMINISTRATOR else dept.id)
                                          for role in Role])
    assert (await login(browser, "all-roles", totp=current_code(everyone))).status_code == 200
    templates = _get_paths(create_app(manage_db=False))
    assert {"/publishing/{kind}/{id:pk}", "/tips/{id:pk}", "/credit/repairs/{id:pk}"} <= set(templates)
    failures = []
    for template in templates:
        for path in _fill(template):
            for query in QUERIES:
                response = await browser.get("/backoffice" + path + query)
                if response.status_code >= 500:
                    failures.append((path + query, response.status_code))
    assert failures == []
