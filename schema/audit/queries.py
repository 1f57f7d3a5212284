from __future__ import annotations

import datetime as dt

import strawberry

from portal.identity import queries as identity
from schema.audit.types import AuditEntryType
from schema.errors import domain_errors
from schema.identity.context import StaffInfo
from schema.pagination import Connection, paginate


@strawberry.input(description="审计日志筛选条件（日期按北京时间，含首尾）")
class AuditEntryFilter:
    actor: str | None = None
    action: str | None = strawberry.field(default=None, description="完整动作名，或以 . 结尾的前缀")
    subject_kind: str | None = None
    subject_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@strawberry.type
class AuditQuery:
    @strawberry.field(description="审计日志，最新在前（限本人有权查看的部门）。")
    @domain_errors
    async def audit_entries(
        self, info: StaffInfo, filter: AuditEntryFilter | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[AuditEntryType]:
        f = filter or AuditEntryFilter()
        qs = identity.audit_entries(info.context.actor, identity.AuditFilter(
            actor=f.actor, action=f.action, subject_kind=f.subject_kind, subject_id=f.subject_id,
            date_from=f.date_from, date_to=f.date_to,
        ))
        return await paginate(qs, identity.AUDIT_ORDER, first, after, AuditEntryType.of)
