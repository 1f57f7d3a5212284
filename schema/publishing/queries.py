from __future__ import annotations

import strawberry

from portal.publishing import calendar, deadlines, queries
from portal.publishing.deadlines import DueResult
from schema.errors import domain_errors, parse_id
from schema.identity.context import StaffInfo
from schema.publishing.types import (
    DeadlineReportType,
    DueResultType,
    FieldChangeType,
    PublicationKind,
    PublicationStateEnum,
    RecordType,
    RevisionType,
    WorkdayYearType,
)


@strawberry.type
class PublishingQuery:
    @strawberry.field(description="本人所在部门待处理的公开信息（草稿、待审核、待法制审核、待发布）")
    @domain_errors
    async def publication_queue(self, info: StaffInfo, state: PublicationStateEnum | None = None,  # type: ignore[valid-type]
                                kind: PublicationKind | None = None) -> list[RevisionType]:
        rows = await queries.queue(info.context.actor, state=state,
                                   kind=kind.value if kind is not None else None)
        return [RevisionType.of(r) for r in rows]

    @strawberry.field(description="一条公开信息的当前修订与已发布版本（含原文与遮盖）")
    @domain_errors
    async def publication_record(self, info: StaffInfo, kind: PublicationKind,
                                 id: strawberry.ID) -> RecordType:
        from schema.publishing.types import RecordRefType, VersionType

        view = await queries.record(info.context.actor, kind.value, parse_id(id))
        other = view.adapter.companions.kind if view.adapter.companions else ""
        return RecordType(
            kind=view.adapter.kind, object_id=strawberry.ID(str(view.row.id)),
            state=view.row.publication_state, published_at=view.row.published_at,
            revision=RevisionType.of(view.revision) if view.revision else None,
            versions=[VersionType.of(v) for v in view.versions],
            published_with=[RecordRefType(kind=other, object_id=strawberry.ID(str(r.id)), title=r.name)
                            for r in view.companions])

    @strawberry.field(description="两个已发布版本之间的差异")
    @domain_errors
    async def publication_diff(self, info: StaffInfo, kind: PublicationKind, id: strawberry.ID,
                               from_version: int, to_version: int) -> list[FieldChangeType]:
        changes = await queries.version_diff(info.context.actor, kind.value, parse_id(id),
                                             from_version, to_version)
        return [FieldChangeType.of(c) for c in changes]

    @strawberry.field(description="某部门检查结果的公示期限（任务完成后 20 个工作日内公示）")
    @domain_errors
    async def publication_deadlines(self, info: StaffInfo, department_id: strawberry.ID) -> DeadlineReportType:
        report = await deadlines.report(info.context.actor, parse_id(department_id, "departmentId"))
        return DeadlineReportType(
            department_id=department_id, today=report.today, due_soon=[_due(d) for d in report.due_soon],
            overdue=[_due(d) for d in report.overdue], published_late=[_due(d) for d in report.published_late],
            warnings=report.warnings)

    @strawberry.field(description="工作人员录入的节假日安排（内置日历之外的年份）")
    @domain_errors
    async def workday_years(self, info: StaffInfo) -> list[WorkdayYearType]:
        queries.workflow_scope(info.context.actor)
        return [WorkdayYearType.of(r) for r in await calendar.years()]


def _due(d: DueResult) -> DueResultType:
    return DueResultType(result_id=strawberry.ID(str(d.result.id)), enterprise_name=d.result.enterprise.name,
                         state=d.result.publication_state, completed_on=d.completed_on, due=d.due,
                         workdays_left=d.workdays_left, published_on=d.published_on)
