"""GraphQL types of tips: the public complaint record, the submitter's status, staff views."""

from __future__ import annotations

import datetime as dt

import strawberry

from portal.tips.catalogue import KIND_LABELS
from portal.tips.models import TipKind, TrackState
from portal.tips.queries import AttachmentView, MessageView, PublicComplaint, TipView, TrackView

TipKindEnum = strawberry.enum(TipKind, name="TipKind", description="举报 REPORT / 投诉 COMPLAINT")
TipStateEnum = strawberry.enum(TrackState, name="TipState")


@strawberry.type(name="PublicComplaint", description="公开的投诉：仅企业、类别与处理结果")
class PublicComplaintType:
    category: str
    outcome: str

    @classmethod
    def of(cls, row: PublicComplaint) -> PublicComplaintType:
        return cls(category=row.category, outcome=row.outcome)


@strawberry.type(name="TipTrackStatus", description="一条办理线（举报或投诉）的状态与期限")
class TipTrackStatusType:
    kind: TipKindEnum  # type: ignore[valid-type]
    kind_label: str
    state: TipStateEnum  # type: ignore[valid-type]
    state_label: str
    registered_on: dt.date
    accept_due: dt.date
    handling_due: dt.date | None
    extended: bool
    refusal_ground: str
    outcome: str
    closed_on: dt.date | None

    @classmethod
    def of(cls, t: TrackView) -> TipTrackStatusType:
        return cls(kind=t.kind, kind_label=KIND_LABELS[t.kind], state=t.state,
                   state_label=t.state_label, registered_on=t.registered_on,
                   accept_due=t.accept_due, handling_due=t.handling_due, extended=t.extended,
                   refusal_ground=t.refusal_ground, outcome=t.outcome, closed_on=t.closed_on)


@strawberry.type(name="TipMessage")
class TipMessageType:
    author: str = strawberry.field(description="submitter 或 staff")
    body: str
    at: dt.datetime

    @classmethod
    def of(cls, m: MessageView) -> TipMessageType:
        return cls(author=m.author.value, body=m.body, at=m.at)


@strawberry.type(name="TipAttachment")
class TipAttachmentType:
    id: strawberry.ID
    name: str
    media_type: str
    size: int
    author: str

    @classmethod
    def of(cls, a: AttachmentView) -> TipAttachmentType:
        return cls(id=strawberry.ID(str(a.id)), name=a.name, media_type=a.media_type, size=a.size,
                   author=a.author.value)


@strawberry.type(name="TipStatus", description="凭回执码看到的办理情况")
class TipStatusType:
    created_at: dt.datetime
    category: str
    tracks: list[TipTrackStatusType]
    messages: list[TipMessageType]
    attachments: list[TipAttachmentType]

    @classmethod
    def of(cls, v: TipView) -> TipStatusType:
        return cls(created_at=v.created_at, category=v.category,
                   tracks=[TipTrackStatusType.of(t) for t in v.tracks],
                   messages=[TipMessageType.of(m) for m in v.messages],
                   attachments=[TipAttachmentType.of(a) for a in v.attachments])


@strawberry.type(name="TipReceipt", description="回执码只返回这一次，系统不保存回执码本身")
class TipReceiptType:
    receipt: str
    receipt_display: str
