"""Staff API for tips: the inbox, one tip's content, workflow commands, custodian access.

Every resolver passes the authenticated actor to a domain function that checks it. Mutations
answer with union payloads (``MutationError`` for expected failures).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated

import strawberry

from portal.core.errors import DomainError, InvalidInput
from portal.tips import custodian, queries, services
from portal.tips.clocks import grounds_for
from portal.tips.models import TipKind
from portal.tips.queries import TipView, TrackView
from schema.errors import domain_errors, parse_id
from schema.identity.context import StaffInfo
from schema.identity.types import MutationErrorType
from schema.tips.types import (
    TipAttachmentType,
    TipKindEnum,
    TipMessageType,
    TipStateEnum,
)


@strawberry.type(name="StaffTipTrack", description="办理线（含期限状态）")
class StaffTipTrackType:
    id: strawberry.ID
    tip_id: strawberry.ID
    kind: TipKindEnum  # type: ignore[valid-type]
    state: TipStateEnum  # type: ignore[valid-type]
    state_label: str
    department_id: strawberry.ID | None
    registered_on: dt.date
    accept_due: dt.date
    handling_due: dt.date | None
    current_due: dt.date | None
    overdue: bool
    due_soon: bool
    extended: bool
    refusal_ground: str
    outcome: str
    published: bool
    actions: list[str]

    @classmethod
    def of(cls, t: TrackView) -> StaffTipTrackType:
        return cls(
            id=strawberry.ID(str(t.id)), tip_id=strawberry.ID(str(t.tip_id)), kind=t.kind,
            state=t.state, state_label=t.state_label,
            department_id=strawberry.ID(str(t.department_id)) if t.department_id else None,
            registered_on=t.registered_on, accept_due=t.accept_due, handling_due=t.handling_due,
            current_due=t.due.due, overdue=t.due.overdue, due_soon=t.due.due_soon,
            extended=t.extended, refusal_ground=t.refusal_ground, outcome=t.outcome,
            published=t.published, actions=[a.value for a in t.actions],
        )


@strawberry.type(name="StaffTip", description="举报投诉内容（不含举报人身份与联系方式）")
class StaffTipType:
    id: strawberry.ID
    created_at: dt.datetime
    category: str
    enterprise_id: strawberry.ID | None
    enterprise_name: str
    enterprise_text: str
    place: str
    occurred: str
    description: str
    anonymous: bool
    consent_publication: bool
    reward_claim: bool
    duplicate_of_id: strawberry.ID | None
    tracks: list[StaffTipTrackType]
    messages: list[TipMessageType]
    attachments: list[TipAttachmentType]

    @classmethod
    def of(cls, v: TipView) -> StaffTipType:
        return cls(
            id=strawberry.ID(str(v.id)), created_at=v.created_at, category=v.category,
            enterprise_id=strawberry.ID(str(v.enterprise_id)) if v.enterprise_id else None,
            enterprise_name=v.enterprise_name, enterprise_text=v.enterprise_text, place=v.place,
            occurred=v.occurred, description=v.description, anonymous=v.anonymous,
            consent_publication=v.consent_publication, reward_claim=v.reward_claim,
            duplicate_of_id=strawberry.ID(str(v.duplicate_of_id)) if v.duplicate_of_id else None,
            tracks=[StaffTipTrackType.of(t) for t in v.tracks],
            messages=[TipMessageType.of(m) for m in v.messages],
            attachments=[TipAttachmentType.of(a) for a in v.attachments],
        )


@strawberry.type(name="RefusalGround")
class RefusalGroundType:
    code: str
    label: str
    basis: str


@strawberry.type(name="TipReward", description="举报奖励测算（辅助工具）")
class TipRewardType:
    amount: str
    explanation: str


@strawberry.type(name="TipTrackPayload")
class TipTrackPayload:
    track: StaffTipTrackType


@strawberry.type(name="TipIdentityPayload", description="举报人身份（已记录查看理由）")
class TipIdentityPayload:
    anonymous: bool
    identity: str
    contact: str


@strawberry.type(name="TipMessagePayload")
class TipMessagePayload:
    ok: bool


TipTrackResult = Annotated[TipTrackPayload | MutationErrorType, strawberry.union("TipTrackResult")]
TipIdentityResult = Annotated[TipIdentityPayload | MutationErrorType,
                              strawberry.union("TipIdentityResult")]
TipMessageResult = Annotated[TipMessagePayload | MutationErrorType,
                             strawberry.union("TipMessageResult")]


def _money(value: str, field: str) -> Decimal:
    try:
        return Decimal(value.strip() or "0")
    except InvalidOperation:
        raise InvalidInput("金额应为数字。", field=field) from None


@strawberry.type
class TipStaffQuery:
    @strawberry.field(description="投诉举报办理线；due: soon（即将到期）或 overdue（已逾期）")
    @domain_errors
    async def tip_tracks(self, info: StaffInfo, department_id: strawberry.ID | None = None,
                         state: str = "", due: str = "", kind: str = "",
                         first: int = 50) -> list[StaffTipTrackType]:
        rows = await queries.staff_tracks(
            info.context.actor, department_id=parse_id(department_id, "departmentId") if department_id else None,
            state=state, due=due, kind=kind, limit=first)
        return [StaffTipTrackType.of(r.track) for r in rows]

    @strawberry.field(description="一件举报投诉的内容、办理线、留言与附件")
    @domain_errors
    async def tip(self, info: StaffInfo, id: strawberry.ID) -> StaffTipType:
        return StaffTipType.of(await queries.staff_tip(info.context.actor, parse_id(id)))

    @strawberry.field(description="不予受理情形清单（规则数据）")
    async def tip_refusal_grounds(self, kind: TipKindEnum) -> list[RefusalGroundType]:  # type: ignore[valid-type]
        return [RefusalGroundType(code=g.code, label=g.label, basis=g.basis)
                for g in await grounds_for(TipKind(kind))]

    @strawberry.field(description="举报奖励测算：等级、罚没款金额（元）")
    @domain_errors
    async def tip_reward(self, info: StaffInfo, grade: int, fines: str,
                         confiscations: str = "0") -> TipRewardType:
        result = await services.reward(info.context.actor, grade, _money(fines, "fines"),
                                       _money(confiscations, "confiscations"))
        return TipRewardType(amount=str(result.amount), explanation=result.explanation)


async def _track(call: object) -> TipTrackPayload | MutationErrorType:
    try:
        track = await call  # type: ignore[misc]
    except DomainError as error:
        return MutationErrorType.of(error)
    return TipTrackPayload(track=StaffTipTrackType.of(await queries.view_of_track(track)))


@strawberry.type
class TipStaffMutation:
    @strawberry.mutation(description="受理")
    async def accept_tip(self, info: StaffInfo, track_id: strawberry.ID) -> TipTrackResult:
        return await _track(services.accept(info.context.actor, parse_id(track_id, "trackId")))

    @strawberry.mutation(description="不予受理（依据须来自清单）")
    async def refuse_tip(self, info: StaffInfo, track_id: strawberry.ID, ground: str,
                         reason: str = "") -> TipTrackResult:
        return await _track(services.refuse(info.context.actor, parse_id(track_id, "trackId"),
                                            ground, reason))

    @strawberry.mutation(description="分办到部门")
    async def assign_tip(self, info: StaffInfo, track_id: strawberry.ID,
                         department_id: strawberry.ID) -> TipTrackResult:
        return await _track(services.assign(info.context.actor, parse_id(track_id, "trackId"),
                                            parse_id(department_id, "departmentId")))

    @strawberry.mutation(description="转办（须填写理由）")
    async def transfer_tip(self, info: StaffInfo, track_id: strawberry.ID,
                           department_id: strawberry.ID, reason: str) -> TipTrackResult:
        return await _track(services.transfer(info.context.actor, parse_id(track_id, "trackId"),
                                              parse_id(department_id, "departmentId"), reason))

    @strawberry.mutation(description="开始调查（举报）或调解（投诉）")
    async def start_tip(self, info: StaffInfo, track_id: strawberry.ID) -> TipTrackResult:
        return await _track(services.start(info.context.actor, parse_id(track_id, "trackId")))

    @strawberry.mutation(description="延长举报核查期限（一次，须填写理由）")
    async def extend_tip(self, info: StaffInfo, track_id: strawberry.ID, reason: str) -> TipTrackResult:
        return await _track(services.extend(info.context.actor, parse_id(track_id, "trackId"), reason))

    @strawberry.mutation(description="处理：记录处理结果")
    async def handle_tip(self, info: StaffInfo, track_id: strawberry.ID, outcome: str,
                         note: str = "") -> TipTrackResult:
        return await _track(services.handle(info.context.actor, parse_id(track_id, "trackId"),
                                            outcome, note))

    @strawberry.mutation(description="反馈：答复提交人")
    async def feedback_tip(self, info: StaffInfo, track_id: strawberry.ID, text: str) -> TipTrackResult:
        return await _track(services.feedback(info.context.actor, parse_id(track_id, "trackId"), text))

    @strawberry.mutation(description="办结")
    async def close_tip(self, info: StaffInfo, track_id: strawberry.ID) -> TipTrackResult:
        return await _track(services.close(info.context.actor, parse_id(track_id, "trackId")))

    @strawberry.mutation(description="重新办理（须有权限并填写理由）")
    async def reopen_tip(self, info: StaffInfo, track_id: strawberry.ID, reason: str) -> TipTrackResult:
        return await _track(services.reopen(info.context.actor, parse_id(track_id, "trackId"), reason))

    @strawberry.mutation(description="公开经同意的已办结投诉（仅企业、类别、结果）")
    async def publish_complaint(self, info: StaffInfo, track_id: strawberry.ID) -> TipTrackResult:
        return await _track(services.publish_complaint(info.context.actor,
                                                       parse_id(track_id, "trackId")))

    @strawberry.mutation(description="向提交人提问或答复；internal 为内部备注")
    async def post_tip_message(self, info: StaffInfo, tip_id: strawberry.ID, body: str,
                               internal: bool = False) -> TipMessageResult:
        try:
            await services.post_message(info.context.actor, parse_id(tip_id, "tipId"), body,
                                        internal=internal)
        except DomainError as error:
            return MutationErrorType.of(error)
        return TipMessagePayload(ok=True)

    @strawberry.mutation(description="身份保管人查看举报人身份（须填写理由，记入审计）")
    async def open_tip_identity(self, info: StaffInfo, tip_id: strawberry.ID,
                                reason: str) -> TipIdentityResult:
        try:
            found = await custodian.open_identity(info.context.actor, parse_id(tip_id, "tipId"), reason)
        except DomainError as error:
            return MutationErrorType.of(error)
        return TipIdentityPayload(anonymous=found.anonymous, identity=found.identity,
                                  contact=found.contact)
