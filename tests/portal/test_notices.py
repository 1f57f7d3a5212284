"""Public notices: written inside the changing transaction, selected per record and recent."""

from __future__ import annotations

import datetime as dt

import pytest
from tortoise.transactions import in_transaction

from portal.core import clock, notices
from portal.core.models import NoticeAction, PublicNotice

pytestmark = pytest.mark.anyio


async def test_a_notice_rolls_back_with_its_transaction(db_clean: None) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await notices.record(conn, kind="penalty", object_id=1, action=NoticeAction.WITHDRAWN,
                                 title="处罚决定 1", reason="录入错误")
            raise RuntimeError("the change failed")
    assert await PublicNotice.all().count() == 0


async def test_notices_per_record_and_recent_are_newest_first(db_clean: None) -> None:
    for day, (kind, oid, dept) in enumerate([("penalty", 1, 7), ("penalty", 2, 8),
                                             ("penalty", 1, 7), ("regulation", 1, 7)], start=1):
        with clock.frozen(dt.date(2026, 3, day)):
            async with in_transaction() as conn:
                await notices.record(conn, kind=kind, object_id=oid, action=NoticeAction.CORRECTED,
                                     title=f"{kind} {oid}", department_id=dept)
    about_one = await notices.for_record("penalty", 1)
    assert [n.created_at.day for n in about_one] == [3, 1]
    assert [n.kind for n in await notices.recent(department_id=7)] == ["regulation", "penalty", "penalty"]
    assert [n.object_id for n in await notices.recent(kind="penalty", limit=2)] == [1, 2]
