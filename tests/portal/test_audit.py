from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from portal.core import audit
from portal.core.actors import SYSTEM, Actor, ActorKind
from portal.core.models import AuditEntry

pytestmark = pytest.mark.anyio

EDITOR = Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
               department_ids=frozenset({3}))


async def _three_entries() -> list[AuditEntry]:
    out = []
    for i in range(3):
        async with in_transaction() as conn:
            out.append(await audit.record(conn, EDITOR, "penalty.submit", "penalty", i,
                                          before={"state": "draft"}, after={"state": "in_review"},
                                          reason=f"第{i}次"))
    return out


async def test_chain_verifies_and_links(db_clean: None) -> None:
    entries = await _three_entries()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].actor_role == "editor" and entries[0].actor_department_id == 3
    assert await audit.verify() == []


async def test_edited_entry_is_detected(db_clean: None) -> None:
    await _three_entries()
    await AuditEntry.filter(seq=2).update(reason="改过的理由")
    problems = await audit.verify()
    assert [p.seq for p in problems] == [2]


async def test_deleted_entry_is_detected(db_clean: None) -> None:
    await _three_entries()
    await AuditEntry.filter(seq=2).delete()
    assert {p.seq for p in await audit.verify()} == {3}


async def test_inserted_entry_is_detected(db_clean: None) -> None:
    entries = await _three_entries()
    forged = AuditEntry(seq=4, at=entries[-1].at, actor="staff:9", action="penalty.publish",
                        subject_kind="penalty", subject_id="1", prev_hash="f" * 64)
    forged.hash = audit.entry_hash(forged)
    await forged.save()
    assert [p.seq for p in await audit.verify()] == [4]


async def test_entry_rolls_back_with_its_transaction(db_clean: None) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await audit.record(conn, SYSTEM, "x.y", "x", 1)
            raise RuntimeError("change failed")
    assert await AuditEntry.all().count() == 0
