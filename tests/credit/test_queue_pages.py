"""The credit queues through the back-office pages and the staff API: paging, filters, scope,
and a statement count that does not grow with the rows (tests/querycount.py)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.policies import Role
from schema.identity.context import StaffContext
from schema.staff import staff_schema
from tests.backoffice.browser import BASE, login, make_client
from tests.credit import queue_data as qd
from tests.identity.helpers import PASSWORD, staff
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio

QUEUE_NAMES = ("repairs", "statements", "objections")
API = {
    "repairs": "creditRepairQueue",
    "statements": "creditStatementQueue",
    "objections": "creditObjectionQueue",
}
FIELDS = {
    "repairs": "id enterpriseName departmentName state stateLabel currentDue overdue",
    "statements": "id enterpriseName departmentName state text",
    "objections": "id enterpriseName departmentName state groundLabel text",
}


def _query(name: str) -> str:
    return (f"query($f: CreditQueueFilter, $first: Int, $after: String) {{ {API[name]}"
            f"(filter: $f, first: $first, after: $after) {{ totalCount "
            f"nodes {{ {FIELDS[name]} }} pageInfo {{ hasNextPage endCursor }} }} }}")


async def _api(actor: Any, name: str, **variables: Any) -> dict[str, Any]:
    result = await staff_schema().execute(_query(name), variable_values=variables,
                                          context_value=StaffContext(actor=actor))
    assert result.errors is None, result.errors
    data: dict[str, Any] = result.data[API[name]]  # type: ignore[index]
    return data


async def _fill(o: qd.Office, n: int) -> None:
    await qd.repairs(o, n)
    await qd.statements(o, n)
    await qd.objections(o, n)


@pytest.fixture
async def offices(credit_db: None) -> tuple[qd.Office, qd.Office]:
    with clock.frozen(qd.TODAY):
        return await qd.office("甲市场监管局", "甲企业"), await qd.office("乙市场监管局", "乙企业")


@pytest.fixture
async def web(offices: tuple[qd.Office, qd.Office], tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    a, _ = offices
    await staff("credit.a", (Role.CREDIT_OFFICER, a.department.id))
    settings = Settings(base_url=BASE, var_dir=tmp_path, login_rate_limit="1000/minute")
    from portal.app import create_app

    async with make_client(create_app(settings, manage_db=False)) as client:
        await login(client, "credit.a", password=PASSWORD)
        yield client


@pytest.mark.parametrize("name", QUEUE_NAMES)
async def test_api_pages_through_one_departments_queue(offices: tuple[qd.Office, qd.Office],
                                                       name: str) -> None:
    a, b = offices
    with clock.frozen(qd.TODAY):
        await _fill(a, 25)
        await _fill(b, 6)
        me = qd.officer(a.department.id)
        seen: list[str] = []
        after = None
        while True:
            page = await _api(me, name, first=10, after=after)
            assert page["totalCount"] == 25
            assert {n["enterpriseName"] for n in page["nodes"]} == {"甲企业"}
            seen += [n["id"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 25


async def test_api_filters_and_refusals(offices: tuple[qd.Office, qd.Office]) -> None:
    a, b = offices
    with clock.frozen(qd.TODAY):
        await _fill(a, 3)
        me = qd.officer(a.department.id)
        done = await _api(me, "repairs", f={"state": "DECIDED"})
        assert done["totalCount"] == 0
        listed = await _api(me, "repairs", f={"recordKind": "LIST_ENTRY"})
        assert listed["totalCount"] == 0
        due = await _api(me, "repairs", f={"dueWithinWorkdays": 0})
        assert [n["currentDue"] for n in due["nodes"]] == [str(qd.TODAY)]
        for name, f in [("repairs", {"departmentId": str(b.department.id)}),
                        ("statements", {"overdue": True}), ("repairs", {"dueWithinWorkdays": 99})]:
            result = await staff_schema().execute(_query(name), variable_values={"f": f},
                                                  context_value=StaffContext(actor=me))
            assert result.errors and "Internal" not in result.errors[0].message, result.errors
        bad = await staff_schema().execute(_query("repairs"), variable_values={"f": {"state": "X"}},
                                           context_value=StaffContext(actor=me))
        assert bad.errors  # an unknown enum value is a validation error, not a crash


@pytest.mark.parametrize("name", QUEUE_NAMES)
async def test_api_costs_the_same_for_3_rows_as_for_30(offices: tuple[qd.Office, qd.Office],
                                                       name: str) -> None:
    a, _ = offices
    me = qd.officer(a.department.id)
    with clock.frozen(qd.TODAY):
        await _fill(a, 3)
        with count_queries() as small:
            assert len((await _api(me, name, first=50))["nodes"]) == 3
        await _fill(a, 27)
        with count_queries() as large:
            assert len((await _api(me, name, first=50))["nodes"]) == 30
    assert len(large) == len(small) <= 2, large  # the page (with joins) and the total


@pytest.mark.parametrize("name", QUEUE_NAMES)
async def test_queue_page_walks_every_page_and_never_shows_another_department(
    offices: tuple[qd.Office, qd.Office], web: httpx.AsyncClient, name: str
) -> None:
    a, b = offices
    with clock.frozen(qd.TODAY):
        await _fill(a, 45)
        await _fill(b, 5)
        url: str | None = f"/backoffice/credit/queues/{name}"
        pages = 0
        while url:
            response = await web.get(url)
            assert response.status_code == 200
            assert "甲企业" in response.text and "乙企业" not in response.text
            assert "共 45 条" in response.text
            pages += 1
            found = re.search(r'href="(\?[^"]+)" rel="next"', response.text)
            url = f"/backoffice/credit/queues/{name}" + found.group(1).replace("&amp;", "&") if found else None
        assert pages == 3  # 20 + 20 + 5 at the default page size
        overview = await web.get("/backoffice/credit")
        assert overview.text.count("共 45 条") == 3 and "乙企业" not in overview.text


@pytest.mark.parametrize("query", ["state=closed", "kind=inspection", "due=soon", "due=61",
                                   "department=abc", "department={b}", "after=not-a-cursor"])
async def test_bad_filters_reshow_the_page_with_a_message_and_400(
    offices: tuple[qd.Office, qd.Office], web: httpx.AsyncClient, query: str
) -> None:
    _, b = offices
    response = await web.get(f"/backoffice/credit/queues/repairs?{query.format(b=b.department.id)}")
    assert response.status_code == 400
    assert 'role="alert"' in response.text and '<form method="get"' in response.text
    statements = await web.get("/backoffice/credit/queues/statements?due=overdue")
    assert statements.status_code == 400 and "期限筛选只适用于信用修复申请" in statements.text
    assert (await web.get("/backoffice/credit/queues/tips")).status_code == 404


@pytest.mark.parametrize("name", QUEUE_NAMES)
async def test_queue_page_costs_the_same_for_3_rows_as_for_30(
    offices: tuple[qd.Office, qd.Office], web: httpx.AsyncClient, name: str
) -> None:
    a, _ = offices
    with clock.frozen(qd.TODAY):
        await _fill(a, 3)
        with count_queries() as small:
            assert (await web.get(f"/backoffice/credit/queues/{name}?state=all")).text.count("甲企业") == 3
        with count_queries() as overview_small:
            assert (await web.get("/backoffice/credit")).status_code == 200
        await _fill(a, 27)
        with count_queries() as large:
            assert (await web.get(f"/backoffice/credit/queues/{name}?state=all")).text.count("甲企业") == 20
        with count_queries() as overview_large:
            assert (await web.get("/backoffice/credit")).status_code == 200
    assert len(large) == len(small), large
    assert len(overview_large) == len(overview_small), overview_large
