from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from portal.core.redaction import Mask
from portal.publishing import calendar, services
from schema.errors import parse_id
from schema.identity.context import StaffInfo
from schema.identity.mutations import expected_errors
from schema.identity.types import MutationErrorType
from schema.publishing.types import (
    FieldValueInput,
    MaskInput,
    PublicationAction,
    PublicationKind,
    RevisionType,
    WorkdayYearType,
)


@strawberry.type(name="PublicationRevisionPayload")
class RevisionPayload:
    revision: RevisionType | None


@strawberry.type(name="WorkdayYearPayload")
class WorkdayYearPayload:
    year: WorkdayYearType


WorkdayYearResult = Annotated[WorkdayYearPayload | MutationErrorType, strawberry.union("WorkdayYearResult")]
RevisionResult = Annotated[RevisionPayload | MutationErrorType, strawberry.union("PublicationRevisionResult")]


def _masks(masks: list[MaskInput] | None) -> dict[str, list[Mask]] | None:
    if masks is None:
        return None
    out: dict[str, list[Mask]] = {}
    for m in masks:
        out.setdefault(m.field, []).append(Mask(m.start, m.end, m.kind, m.replacement))  # type: ignore[arg-type]
    return out


@strawberry.type
class PublishingMutation:
    @strawberry.mutation(description="新建（不填 id，须填 departmentId）或修改草稿；检测器自动建议隐私遮盖。")
    @expected_errors
    async def save_publication_draft(
        self, info: StaffInfo, kind: PublicationKind, fields: list[FieldValueInput],
        id: strawberry.ID | None = None, department_id: strawberry.ID | None = None,
        masks: list[MaskInput] | None = strawberry.UNSET,
    ) -> RevisionResult:
        revision = await services.save_draft(
            info.context.actor, kind.value, {f.name: f.value for f in fields},
            object_id=parse_id(id) if id else None,
            department_id=parse_id(department_id, "departmentId") if department_id else None,
            masks=_masks(masks) if masks else None)
        return RevisionPayload(revision=RevisionType.of(revision))

    @strawberry.mutation(description="录入人确认或调整草稿的隐私遮盖（给出的字段整体替换）。")
    @expected_errors
    async def set_publication_masks(self, info: StaffInfo, kind: PublicationKind, id: strawberry.ID,
                                    masks: list[MaskInput]) -> RevisionResult:
        revision = await services.set_masks(info.context.actor, kind.value, parse_id(id), _masks(masks) or {})
        return RevisionPayload(revision=RevisionType.of(revision))

    @strawberry.mutation(description="审核流程操作：提交、通过、退回、法制审核、发布（可定时）、撤回、更正。")
    @expected_errors
    async def publication_transition(
        self, info: StaffInfo, kind: PublicationKind, id: strawberry.ID, action: PublicationAction,  # type: ignore[valid-type]
        reason: str = "", go_live_at: dt.datetime | None = None,
    ) -> RevisionResult:
        revision = await services.transition(info.context.actor, kind.value, parse_id(id), action,
                                             reason=reason, go_live_at=go_live_at)
        return RevisionPayload(revision=RevisionType.of(revision) if revision else None)

    @strawberry.mutation(description="录入或替换某年的节假日安排（放假日期、调休上班日期；可写范围 a..b）。")
    @expected_errors
    async def save_workday_year(self, info: StaffInfo, year: int, holidays: list[str],
                                makeup_workdays: list[str], source: str = "") -> WorkdayYearResult:
        row = await calendar.save_year(info.context.actor, year, holidays=holidays,
                                       makeup_workdays=makeup_workdays, source=source)
        return WorkdayYearPayload(year=WorkdayYearType.of(row))
