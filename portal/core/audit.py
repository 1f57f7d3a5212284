"""The tamper-evident audit log (DESIGN §8).

:func:`record` must be called inside the transaction that makes the change, with that
transaction's connection, so the change and its entry commit or roll back together.
Each entry's hash covers its content and the previous entry's hash; :func:`verify` walks the
chain and reports the first edited, inserted or deleted entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from portal.core import clock
from portal.core.actors import Actor
from portal.core.models import AuditEntry

GENESIS = "0" * 64
# Serialises chain appends on PostgreSQL (SQLite writers are serialised by the database).
_PG_LOCK_KEY = 7_242_011


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq, "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor, "role": entry.actor_role, "dept": entry.actor_department_id,
        "action": entry.action, "kind": entry.subject_kind, "id": entry.subject_id,
        "before": entry.before, "after": entry.after, "reason": entry.reason,
        "prev": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


async def record(
    conn: BaseDBAsyncClient,
    actor: Actor,
    action: str,
    subject_kind: str,
    subject_id: str | int,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the chain within the caller's transaction ``conn``."""
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [_PG_LOCK_KEY])
    last = await AuditEntry.all().using_db(conn).order_by("-seq").first()
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        at=clock.now().astimezone(dt.UTC),
        actor=actor.id, actor_role=actor.primary_role,
        actor_department_id=actor.primary_department, action=action,
        subject_kind=subject_kind, subject_id=str(subject_id),
        before=_jsonable(before), after=_jsonable(after), reason=reason,
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry_hash(entry)
    await entry.save(using_db=conn)
    return entry


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(value, default=str, ensure_ascii=False))
    return loaded


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


async def verify(batch: int = 5000) -> list[ChainProblem]:
    """Walk the whole chain; an empty list means it is intact."""
    problems: list[ChainProblem] = []
    expected_prev, expected_seq = GENESIS, 1
    last_seq = 0
    while True:
        rows = await AuditEntry.filter(seq__gt=last_seq).order_by("seq").limit(batch)
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                problems.append(ChainProblem(entry.seq, f"缺少第 {expected_seq} 条之后的条目（被删除或插入）"))
            if entry.prev_hash != expected_prev:
                problems.append(ChainProblem(entry.seq, "前一条目的哈希不符（条目被删除、插入或改动）"))
            if entry_hash(entry) != entry.hash:
                problems.append(ChainProblem(entry.seq, "条目内容与哈希不符（被改动）"))
            expected_prev, expected_seq = entry.hash, entry.seq + 1
            last_seq = entry.seq
    return problems


@dataclass(frozen=True)
class Head:
    """The newest entry: record it outside the database (an anchor) to detect truncation."""

    seq: int
    hash: str

    def line(self) -> str:
        return f"{self.seq} {self.hash}"


async def head() -> Head:
    last = await AuditEntry.all().order_by("-seq").first()
    return Head(last.seq, last.hash) if last else Head(0, GENESIS)


def parse_anchor(line: str) -> Head | None:
    """``"<seq> <hash>"`` (anything after is a comment); None for blank or comment lines."""
    parts = line.split()
    if not parts or parts[0].startswith("#"):
        return None
    if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise ValueError(f"无法识别的锚点行：{line.strip()}")
    return Head(int(parts[0]), parts[1])


async def check_anchors(anchors: list[Head]) -> list[ChainProblem]:
    """Each anchor's entry must still exist with the same hash.

    The chain alone cannot notice its newest entries being deleted (what is left is a valid,
    shorter chain); an anchor kept elsewhere can.
    """
    problems: list[ChainProblem] = []
    for anchor in anchors:
        if anchor.seq == 0:
            continue
        entry = await AuditEntry.get_or_none(seq=anchor.seq)
        if entry is None:
            problems.append(ChainProblem(anchor.seq, "锚点记录的条目已不存在（日志末尾被删除或截断）"))
        elif entry.hash != anchor.hash:
            problems.append(ChainProblem(anchor.seq, "锚点记录的哈希与现有条目不符（日志被改写）"))
    return problems
