"""The credit queues in the domain: keyset order, filters, scope (portal/credit/queues.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from portal.core import clock
from portal.core.errors import InvalidInput
from portal.core.paging import fetch_page
from portal.credit import objections, queues, repairs, statements
from portal.credit.queues import QueueFilter
from portal.credit.repair_models import (
    ObjectionState,
    RepairApplication,
    RepairState,
    StatementState,
)
from tests.credit import queue_data as qd

pytestmark = pytest.mark.anyio


async def _walk(listing: queues.Listing[Any], size: int = 7) -> list[Any]:
    """Every row of a queue, page by page as a client would."""
    rows, after = [], None
    while True:
        page = await fetch_page(listing.qs, listing.order, size, after)
        rows += page.items
        if not page.has_next:
            return rows
        after = page.cursors[-1]


async def test_open_repairs_come_oldest_due_first_then_by_id_across_pages(credit_db: None) -> None:
    with clock.frozen(qd.TODAY):
        a = await qd.office("甲市场监管局", "甲企业")
        b = await qd.office("乙市场监管局", "乙企业")
        mine = await qd.repairs(a, 30)
        await qd.repairs(b, 5)
        await qd.repairs(a, 4, state=RepairState.APPROVED)
        listing = repairs.queue(qd.officer(a.department.id))
        got = await _walk(listing)
    expected = sorted(mine, key=lambda r: (r.next_due, r.id))
    assert [r.id for r in got] == [r.id for r in expected]
    assert await listing.qs.count() == 30
    assert {r.enterprise.name for r in got} == {"甲企业"}


async def test_state_and_kind_filters(credit_db: None) -> None:
    with clock.frozen(qd.TODAY):
        a = await qd.office("甲市场监管局", "甲企业")
        await qd.repairs(a, 3)
        done = await qd.repairs(a, 2, state=RepairState.REFUSED, kind="list_entry")
        me = qd.officer(a.department.id)
        decided = await _walk(repairs.queue(me, QueueFilter(state="decided")))
        assert [r.id for r in decided] == [done[1].id, done[0].id]  # newest submitted first
        assert len(await _walk(repairs.queue(me, QueueFilter(state="all")))) == 5
        assert len(await _walk(repairs.queue(me, QueueFilter(state="all", record_kind="list_entry")))) == 2
        assert await _walk(repairs.queue(me, QueueFilter(record_kind="list_entry"))) == []
        await qd.statements(a, 2)
        await qd.statements(a, 1, state=StatementState.APPROVED)
        await qd.objections(a, 1)
        await qd.objections(a, 2, state=ObjectionState.REJECTED)
        assert len(await _walk(statements.statement_queue(me))) == 2
        assert len(await _walk(statements.statement_queue(me, QueueFilter(state="decided")))) == 1
        assert len(await _walk(objections.objection_queue(me, QueueFilter(state="all")))) == 3


async def test_due_filters_look_at_the_running_clock_only(credit_db: None) -> None:
    with clock.frozen(qd.TODAY):  # Monday 2025-06-16
        a = await qd.office("甲市场监管局", "甲企业")
        late = await qd.repairs(a, 1, due_from=qd.TODAY - dt.timedelta(days=3))
        soon = await qd.repairs(a, 1, due_from=dt.date(2025, 6, 18))  # 2 working days on
        later = await qd.repairs(a, 1, due_from=dt.date(2025, 6, 30))
        # waiting for acceptance since long ago: no clock runs, so never "overdue"
        await qd.repairs(a, 1, state=RepairState.SUBMITTED, due_from=dt.date(2025, 1, 1))
        me = qd.officer(a.department.id)
        overdue = await _walk(repairs.queue(me, QueueFilter(overdue=True)))
        within = await _walk(repairs.queue(me, QueueFilter(due_within=2)))
        within_ten = await _walk(repairs.queue(me, QueueFilter(due_within=10)))
    assert [r.id for r in overdue] == [late[0].id]
    assert [r.id for r in within] == [soon[0].id]
    assert [r.id for r in within_ten] == [soon[0].id, later[0].id]


@pytest.mark.parametrize("bad", [
    QueueFilter(state="closed"), QueueFilter(record_kind="inspection"),
    QueueFilter(due_within=61), QueueFilter(due_within=-1),
    QueueFilter(overdue=True, due_within=3),
])
async def test_bad_filters_are_invalid_input(credit_db: None, bad: QueueFilter) -> None:
    a = await qd.office("甲市场监管局", "甲企业")
    with pytest.raises(InvalidInput):
        repairs.queue(qd.officer(a.department.id), bad)


async def test_due_filters_belong_to_repairs_only(credit_db: None) -> None:
    a = await qd.office("甲市场监管局", "甲企业")
    with pytest.raises(InvalidInput, match="期限"):
        statements.statement_queue(qd.officer(a.department.id), QueueFilter(overdue=True))
    with pytest.raises(InvalidInput, match="期限"):
        objections.objection_queue(qd.officer(a.department.id), QueueFilter(due_within=3))


@pytest.mark.parametrize("params", [{"state": "x"}, {"department": "abc"}, {"due": "soon"},
                                    {"due": "9999"}, {"kind": "enterprise"}])
def test_parse_filter_refuses_garbage(params: dict[str, str]) -> None:
    with pytest.raises(InvalidInput):
        f = queues.parse_filter(params)
        queues.listing(qd.officer(1), RepairApplication, f, open_states=[], decided_states=[],
                       open_order=["id"], clocked=True)


async def test_another_departments_rows_never_show_even_when_asked_for(credit_db: None) -> None:
    with clock.frozen(qd.TODAY):
        a = await qd.office("甲市场监管局", "甲企业")
        b = await qd.office("乙市场监管局", "乙企业")
        for o in (a, b):
            await qd.repairs(o, 9)
            await qd.statements(o, 9)
            await qd.objections(o, 9)
        me = qd.officer(a.department.id)
        for make in (repairs.queue, statements.statement_queue, objections.objection_queue):
            for state in queues.STATES:
                listing = make(me, QueueFilter(state=state))
                assert {r.department_id for r in await _walk(listing, 4)} <= {a.department.id}
                assert await listing.qs.count() == (9 if state != "decided" else 0)
            with pytest.raises(InvalidInput, match="办理范围"):
                make(me, QueueFilter(department_id=b.department.id))
        both = qd.officer(a.department.id, b.department.id)
        only_b = await _walk(repairs.queue(both, QueueFilter(department_id=b.department.id)))
        assert len(only_b) == 9 and {r.department_id for r in only_b} == {b.department.id}
