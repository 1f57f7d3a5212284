"""Staff GraphQL types of publication review: revisions, masks, versions and diffs."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from portal.core.publication import PublicationState
from portal.core.redaction import MARKER
from portal.publishing import masking
from portal.publishing.kinds import ADAPTERS
from portal.publishing.models import Revision, Version, WorkdayYear
from portal.publishing.queries import FieldChange
from portal.publishing.workflow import STATE_LABELS, Action

PublicationKind = strawberry.enum(
    enum.Enum("PublicationKind", {k.upper(): k for k in ADAPTERS}),
    name="PublicationKind", description="可公开信息的类型")  # type: ignore[call-overload]
PublicationStateEnum = strawberry.enum(PublicationState, name="PublicationState", description="公开状态")
PublicationAction = strawberry.enum(Action, name="PublicationAction", description="审核流程操作")


@strawberry.input(name="FieldValueInput",
                  description="字段名与取值（日期 YYYY-MM-DD，主体填统一社会信用代码，多选字段填逗号分隔的编号）")
class FieldValueInput:
    name: str
    value: str


@strawberry.input(name="MaskInput", description="遮盖范围：字段内字符位置 [start, end)")
class MaskInput:
    field: str
    start: int
    end: int
    kind: str = "manual"
    replacement: str = MARKER


@strawberry.type(name="FieldValue")
class FieldValueType:
    name: str
    label: str
    value: str = strawberry.field(description="原文（仅工作人员可见）")
    public_value: str = strawberry.field(description="公开文本（已隐去个人隐私）")


@strawberry.type(name="PrivacyMask")
class MaskType:
    field: str
    start: int
    end: int
    kind: str
    replacement: str
    text: str = strawberry.field(description="被遮盖的原文")


@strawberry.type(name="PublicationRevision", description="一轮编辑：草稿、审核直至发布")
class RevisionType:
    id: strawberry.ID
    kind: str
    object_id: strawberry.ID
    department_id: strawberry.ID
    number: int
    state: PublicationStateEnum  # type: ignore[valid-type]
    state_label: str
    major: bool = strawberry.field(description="重大决定，须法制审核")
    author: str
    author_name: str
    reviewer: str | None
    legal_reviewer: str | None
    comments: str
    correction_reason: str | None
    go_live_at: dt.datetime | None
    updated_at: dt.datetime
    fields: list[FieldValueType]
    masks: list[MaskType]

    @classmethod
    def of(cls, rev: Revision) -> RevisionType:
        ad = ADAPTERS[rev.kind]
        public = masking.public_values(ad, rev.data, rev.masks)
        masks = [MaskType(field=name, start=m.start, end=m.end, kind=str(m.kind),
                          replacement=m.replacement, text=rev.data.get(name, "")[m.start:m.end])
                 for name, raw in sorted(rev.masks.items()) for m in masking.decode(raw)]
        return cls(
            id=strawberry.ID(str(rev.id)), kind=rev.kind, object_id=strawberry.ID(str(rev.object_id)),
            department_id=strawberry.ID(str(rev.department_id)), number=rev.number, state=rev.state,
            state_label=STATE_LABELS[rev.state], major=rev.major, author=rev.author,
            author_name=rev.author_name, reviewer=rev.reviewer, legal_reviewer=rev.legal_reviewer,
            comments=rev.comments, correction_reason=rev.correction_reason,
            go_live_at=rev.go_live_at, updated_at=rev.updated_at,
            fields=[FieldValueType(name=f.name, label=f.label, value=rev.data.get(f.name, ""),
                                   public_value=public.get(f.name, "")) for f in ad.fields],
            masks=masks,
        )


@strawberry.type(name="PublicationVersion", description="已发布的历史版本")
class VersionType:
    number: int
    published_at: dt.datetime
    published_by: str
    reason: str
    fields: list[FieldValueType]

    @classmethod
    def of(cls, v: Version) -> VersionType:
        ad = ADAPTERS[v.kind]
        return cls(number=v.number, published_at=v.published_at, published_by=v.published_by,
                   reason=v.reason,
                   fields=[FieldValueType(name=f.name, label=f.label, value=v.data.get(f.name, ""),
                                          public_value=v.public.get(f.name, "")) for f in ad.fields])


@strawberry.type(name="FieldChange", description="两个版本之间一个字段的变化")
class FieldChangeType:
    name: str
    label: str
    before: str
    after: str
    diff: list[str]

    @classmethod
    def of(cls, c: FieldChange) -> FieldChangeType:
        return cls(name=c.name, label=c.label, before=c.before, after=c.after, diff=c.diff)


@strawberry.type(name="PublicationRecordRef", description="另一条公开信息")
class RecordRefType:
    kind: str
    object_id: strawberry.ID
    title: str


@strawberry.type(name="PublicationRecord")
class RecordType:
    kind: str
    object_id: strawberry.ID
    state: PublicationStateEnum  # type: ignore[valid-type]
    published_at: dt.datetime | None
    revision: RevisionType | None
    versions: list[VersionType]
    published_with: list[RecordRefType] = strawberry.field(
        description="首次发布时一并发布的草稿（如抽查计划牵头部门的草稿任务）")


@strawberry.type(name="ResultDeadline", description="一条检查结果的公示期限")
class DueResultType:
    result_id: strawberry.ID
    enterprise_name: str
    state: PublicationStateEnum  # type: ignore[valid-type]
    completed_on: dt.date
    due: dt.date
    workdays_left: int = strawberry.field(description="剩余工作日；负数为已超期")
    published_on: dt.date | None


@strawberry.type(name="DeadlineReport", description="本部门检查结果公示期限：即将到期、已超期、逾期发布")
class DeadlineReportType:
    department_id: strawberry.ID
    today: dt.date
    due_soon: list[DueResultType]
    overdue: list[DueResultType]
    published_late: list[DueResultType]
    warnings: list[str] = strawberry.field(description="缺少节假日安排等提示")


@strawberry.type(name="WorkdayYear", description="工作人员录入的某年国务院节假日安排")
class WorkdayYearType:
    year: int
    holidays: list[dt.date]
    makeup_workdays: list[dt.date]
    source: str
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: WorkdayYear) -> WorkdayYearType:
        return cls(year=row.year, holidays=[dt.date.fromisoformat(d) for d in row.holidays],
                   makeup_workdays=[dt.date.fromisoformat(d) for d in row.makeup_workdays],
                   source=row.source, updated_at=row.updated_at)
