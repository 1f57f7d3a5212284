from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON

from portal.core.models import AuditEntry


@strawberry.type(name="AuditEntry", description="审计日志条目（哈希链）")
class AuditEntryType:
    seq: int = strawberry.field(description="链上序号")
    at: dt.datetime
    actor: str = strawberry.field(description="操作者：staff:编号、client:编号、oidc:主体、system 或 cli:用户")
    actor_role: str
    actor_department_id: int | None
    action: str
    subject_kind: str
    subject_id: str
    before: JSON | None
    after: JSON | None
    reason: str
    hash: str
    prev_hash: str

    @classmethod
    def of(cls, row: AuditEntry) -> AuditEntryType:
        return cls(seq=row.seq, at=row.at, actor=row.actor, actor_role=row.actor_role,
                   actor_department_id=row.actor_department_id, action=row.action,
                   subject_kind=row.subject_kind, subject_id=row.subject_id, before=row.before,
                   after=row.after, reason=row.reason, hash=row.hash, prev_hash=row.prev_hash)
