"""Staff GraphQL for 双随机: directories, plans and tasks, the draw, result entry.

Resolvers parse input and call one domain function; expected failures come back as
``MutationError`` union members (see schema/identity/mutations.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from portal.sampling import directory_services, drawing, planning, results
from portal.sampling.directory import RiskGrade
from portal.sampling.records import TaskDraw
from schema.errors import parse_id
from schema.identity.context import StaffInfo
from schema.identity.mutations import expected_errors
from schema.identity.types import MutationErrorType


@strawberry.type(name="SamplingRef", description="新建或修改的对象编号")
class SamplingRefPayload:
    id: strawberry.ID
    kind: str


@strawberry.type(name="DrawRecordPayload", description="抽取记录：承诺或抽取结果（种子抽取后才返回）")
class DrawRecordPayload:
    task_id: strawberry.ID
    seed_commitment: str
    frame_digest: str
    frame_size: int
    drawn: bool
    seed: str | None
    targets: int


@strawberry.type(name="InspectionAssignment", description="分配给我的检查对象")
class InspectionAssignmentType:
    task_id: strawberry.ID
    task_name: str
    target_id: strawberry.ID
    uscc: str
    enterprise_name: str
    result_entered: bool


SamplingRefResult = Annotated[SamplingRefPayload | MutationErrorType,
                              strawberry.union("SamplingRefResult")]
DrawRecordResult = Annotated[DrawRecordPayload | MutationErrorType,
                             strawberry.union("DrawRecordResult")]


@strawberry.input(description="新建年度抽查计划（草稿）")
class CreateSamplingPlanInput:
    year: int
    name: str
    lead_department_id: strawberry.ID
    participant_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    item_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    scope: str = ""
    scope_tags: str = ""
    ratio_a: str = "3"
    ratio_b: str = "5"
    ratio_c: str = "10"
    ratio_d: str = "20"
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    required_qualifications: str = ""
    inspectors_per_target: int = 2
    yearly_cap: int = 2
    exclude_higher_level: bool = True
    recent_clean_days: int = 365


def _ref(kind: str, row_id: int) -> SamplingRefPayload:
    return SamplingRefPayload(id=strawberry.ID(str(row_id)), kind=kind)


def _draw(record: TaskDraw) -> DrawRecordPayload:
    drawn = record.drawn_at is not None
    return DrawRecordPayload(
        task_id=strawberry.ID(str(record.task_id)),  # type: ignore[attr-defined]
        seed_commitment=record.seed_commitment, frame_digest=record.frame_digest,
        frame_size=len(record.frame_codes.splitlines()), drawn=drawn,
        seed=record.seed_hex if drawn else None,
        targets=sum(len(v) for v in (record.selected or {}).values()))


@strawberry.type
class SamplingStaffQuery:
    @strawberry.field(description="分配给当前工作人员的检查对象。")
    async def my_inspection_assignments(self, info: StaffInfo) -> list[InspectionAssignmentType]:
        rows = await results.my_assignments(info.context.actor)
        return [InspectionAssignmentType(
            task_id=strawberry.ID(str(task.id)), task_name=task.name,
            target_id=strawberry.ID(str(target.id)), uscc=target.enterprise.uscc,
            enterprise_name=target.enterprise.name,
            result_entered=target.result_id is not None)  # type: ignore[attr-defined]
            for task, target in rows]


@strawberry.type
class SamplingMutation:
    @strawberry.mutation(description="加入检查对象名录或修改其范围标签、风险等级（内部）。")
    @expected_errors
    async def upsert_sampling_target(self, info: StaffInfo, uscc: str, department_id: strawberry.ID,
                                     scope_tags: str, risk_grade: str) -> SamplingRefResult:
        row = await directory_services.upsert_target(
            info.context.actor, uscc=uscc, department_id=parse_id(department_id, "departmentId"),
            scope_tags=scope_tags, risk_grade=risk_grade)
        return _ref("target", row.id)

    @strawberry.mutation(description="加入执法检查人员名录或修改。")
    @expected_errors
    async def upsert_inspector(self, info: StaffInfo, certificate_no: str, name: str,
                               department_id: strawberry.ID, qualifications: str,
                               staff_id: strawberry.ID | None = None) -> SamplingRefResult:
        row = await directory_services.upsert_inspector(
            info.context.actor, certificate_no=certificate_no, name=name,
            department_id=parse_id(department_id, "departmentId"), qualifications=qualifications,
            staff_id=parse_id(staff_id, "staffId") if staff_id else None)
        return _ref("inspector", row.id)

    @strawberry.mutation(description="检查人员申报与企业的利害关系（抽取时回避）。")
    @expected_errors
    async def declare_inspector_conflict(self, info: StaffInfo, inspector_id: strawberry.ID,
                                         uscc: str, reason: str) -> SamplingRefResult:
        row = await directory_services.declare_conflict(
            info.context.actor, inspector_id=parse_id(inspector_id, "inspectorId"), uscc=uscc,
            reason=reason)
        return _ref("conflict", row.id)

    @strawberry.mutation(description="新建年度抽查计划（草稿）；之后经 publicationTransition"
                                     "（kind: SAMPLING_PLAN）提交、审核、发布。")
    @expected_errors
    async def create_sampling_plan(self, info: StaffInfo,
                                   input: CreateSamplingPlanInput) -> SamplingRefResult:
        plan = await planning.create_plan(info.context.actor, planning.PlanInput(
            year=input.year, name=input.name,
            lead_department_id=parse_id(input.lead_department_id, "leadDepartmentId"),
            participant_ids=[parse_id(i, "participantIds") for i in input.participant_ids],
            item_ids=[parse_id(i, "itemIds") for i in input.item_ids], scope=input.scope,
            scope_tags=input.scope_tags,
            ratios={RiskGrade.A: input.ratio_a, RiskGrade.B: input.ratio_b,
                    RiskGrade.C: input.ratio_c, RiskGrade.D: input.ratio_d},
            window_start=input.window_start, window_end=input.window_end,
            required_qualifications=input.required_qualifications,
            inspectors_per_target=input.inspectors_per_target, yearly_cap=input.yearly_cap,
            exclude_higher_level=input.exclude_higher_level,
            recent_clean_days=input.recent_clean_days))
        return _ref("plan", plan.id)

    @strawberry.mutation(description="在计划下新建抽查任务（草稿）。")
    @expected_errors
    async def create_sampling_task(self, info: StaffInfo, plan_id: strawberry.ID, name: str,
                                   department_id: strawberry.ID) -> SamplingRefResult:
        task = await planning.create_task(
            info.context.actor, parse_id(plan_id, "planId"), name=name,
            department_id=parse_id(department_id, "departmentId"))
        return _ref("task", task.id)

    @strawberry.mutation(description="确定抽查名录并公布随机种子承诺（不可重做）。")
    @expected_errors
    async def commit_sampling_draw(self, info: StaffInfo, task_id: strawberry.ID) -> DrawRecordResult:
        return _draw(await drawing.commit_draw(info.context.actor, parse_id(task_id, "taskId")))

    @strawberry.mutation(description="抽取检查对象和检查人员，并公布种子（记录不可更改）。")
    @expected_errors
    async def run_sampling_draw(self, info: StaffInfo, task_id: strawberry.ID) -> DrawRecordResult:
        return _draw(await drawing.run_draw(info.context.actor, parse_id(task_id, "taskId")))

    @strawberry.mutation(description="录入一个抽中对象的检查结果（生成待公开的草稿，经 publicationTransition"
                                     "（kind: INSPECTION_RESULT）公开）。")
    @expected_errors
    async def enter_sampling_result(self, info: StaffInfo, target_id: strawberry.ID,
                                    result_code: str, inspected_on: dt.date,
                                    details: str = "") -> SamplingRefResult:
        row = await results.enter_result(info.context.actor, parse_id(target_id, "targetId"),
                                         result_code=result_code, inspected_on=inspected_on,
                                         details=details)
        return _ref("inspection_result", row.id)
