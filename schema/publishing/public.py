"""Public notices of withdrawals and corrections, per record (public: they hold only the
public title, what changed and the redacted reason)."""

from __future__ import annotations

import datetime as dt

import strawberry

from portal.core import notices
from portal.core.errors import InvalidInput
from portal.publishing.kinds import ADAPTERS
from schema.errors import domain_errors, parse_id

NOTICE_LABELS = {"withdrawn": "撤回", "corrected": "更正", "repaired": "信用修复", "delisted": "移出名录",
                 "expired": "公示期满"}


@strawberry.type(name="RecordNotice", description="撤回、更正等公开说明")
class RecordNoticeType:
    action: str
    action_label: str
    title: str
    summary: str
    reason: str
    created_at: dt.datetime


@strawberry.type
class NoticeQuery:
    @strawberry.field(description="一条公开信息的撤回、更正说明（最新在前）")
    @domain_errors
    async def record_notices(self, kind: str, id: strawberry.ID) -> list[RecordNoticeType]:
        if kind not in ADAPTERS:
            raise InvalidInput(f"未知的信息类型“{kind[:40]}”。", field="kind")
        rows = await notices.for_record(kind, parse_id(id))
        return [RecordNoticeType(action=str(n.action), action_label=NOTICE_LABELS.get(str(n.action), ""),
                                 title=n.title, summary=n.summary, reason=n.reason, created_at=n.created_at)
                for n in rows[:20]]
