"""GraphQL types of enterprise self-service and credit repair (public schema, own data only)."""

from __future__ import annotations

import datetime as dt

import strawberry

from portal.credit import mine
from portal.credit.eligibility import STATE_LABELS, Eligibility
from portal.credit.objections import GROUND_LABELS
from portal.credit.objections import STATE_LABELS as OBJECTION_LABELS
from portal.credit.repair_models import (
    Objection,
    RepairApplication,
    RepairStep,
    Statement,
)
from portal.credit.statistics import DepartmentRepairStats

STATEMENT_LABELS = {"pending": "待审核", "approved": "已公开显示", "rejected": "未通过审核"}


@strawberry.type(name="EligibilityReason")
class ReasonType:
    code: str
    message: str


@strawberry.type(name="RepairEligibility", description="信用修复资格（提交前核对）")
class EligibilityType:
    eligible: bool
    reasons: list[ReasonType] = strawberry.field(description="不能申请的原因（白话）")
    requirements: list[ReasonType] = strawberry.field(description="申请须提交的材料")
    repairable_from: dt.date | None
    displayed_until: dt.date | None
    regime: str

    @classmethod
    def of(cls, e: Eligibility) -> EligibilityType:
        return cls(eligible=e.eligible, reasons=[ReasonType(code=r.code, message=r.message)
                                                 for r in e.reasons],
                   requirements=[ReasonType(code=r.code, message=r.message) for r in e.requirements],
                   repairable_from=e.repairable_from, displayed_until=e.displayed_until,
                   regime=e.regime)


@strawberry.type(name="RepairStep")
class RepairStepType:
    state: str
    state_label: str
    at: dt.datetime
    reason: str

    @classmethod
    def of(cls, s: RepairStep) -> RepairStepType:
        return cls(state=s.to_state, state_label=STATE_LABELS.get(s.to_state, s.to_state),
                   at=s.at, reason=s.reason)


@strawberry.type(name="CreditRepairApplication", description="信用修复申请（仅本企业可见）")
class RepairApplicationType:
    id: strawberry.ID
    record_kind: str
    record_id: strawberry.ID
    state: str
    state_label: str
    submitted_at: dt.datetime
    accepted_on: dt.date | None
    review_due: dt.date | None = strawberry.field(description="审核期限（工作日，规则表）")
    reviewed_on: dt.date | None
    decision_due: dt.date | None = strawberry.field(description="决定期限（工作日，规则表）")
    decided_at: dt.datetime | None
    reason: str = strawberry.field(description="最近一次退回、准予或不予的理由")
    steps: list[RepairStepType]

    @classmethod
    def of(cls, a: RepairApplication, steps: list[RepairStep] | None = None) -> RepairApplicationType:
        loaded = steps if steps is not None else list(a.steps) if a.steps._fetched else []
        return cls(id=strawberry.ID(str(a.id)), record_kind=a.record_kind,
                   record_id=strawberry.ID(str(a.record_id)), state=a.state.value,
                   state_label=STATE_LABELS[a.state.value], submitted_at=a.submitted_at,
                   accepted_on=a.accepted_on, review_due=a.review_due, reviewed_on=a.reviewed_on,
                   decision_due=a.decision_due, decided_at=a.decided_at, reason=a.reason,
                   steps=[RepairStepType.of(s) for s in loaded])


@strawberry.type(name="MyStatement", description="本企业提交的情况说明及审核结果")
class StatementType:
    id: strawberry.ID
    text: str
    state: str
    state_label: str
    moderation_reason: str

    @classmethod
    def of(cls, s: Statement) -> StatementType:
        return cls(id=strawberry.ID(str(s.id)), text=s.text, state=s.state.value,
                   state_label=STATEMENT_LABELS[s.state.value], moderation_reason=s.moderation_reason)


@strawberry.type(name="MyObjection", description="本企业提出的异议及处理结果")
class ObjectionType:
    id: strawberry.ID
    ground: str
    ground_label: str
    text: str
    state: str
    state_label: str
    decision_reason: str
    correction: str

    @classmethod
    def of(cls, o: Objection) -> ObjectionType:
        return cls(id=strawberry.ID(str(o.id)), ground=o.ground.value,
                   ground_label=GROUND_LABELS[o.ground], text=o.text, state=o.state.value,
                   state_label=OBJECTION_LABELS[o.state], decision_reason=o.decision_reason,
                   correction=o.correction)


@strawberry.type(name="MyRecord", description="本企业的一条信用记录（含尚未公示的）")
class MyRecordType:
    record_kind: str
    record_id: strawberry.ID
    title: str
    publication_state: str
    public: bool = strawberry.field(description="此刻是否向公众公示")
    repaired: bool
    decided_on: dt.date
    displayed_until: dt.date | None
    repairable_from: dt.date | None
    regime: str = strawberry.field(description="设定公示期的规则（作出决定时有效的规则表行）")
    rule_note: str
    eligibility: EligibilityType
    applications: list[RepairApplicationType]
    statements: list[StatementType]
    objections: list[ObjectionType]

    @classmethod
    def of(cls, r: mine.MyRecord) -> MyRecordType:
        row, rule = r.ref.row, r.rule
        return cls(
            record_kind=r.ref.kind, record_id=strawberry.ID(str(r.ref.id)), title=r.ref.title,
            publication_state=row.publication_state.value, public=r.public,
            repaired=row.repaired_at is not None, decided_on=r.ref.decided_on,
            displayed_until=row.displayed_until, repairable_from=row.repairable_from,
            regime=rule.regime if rule else "", rule_note=rule.note if rule else "",
            eligibility=EligibilityType.of(r.verdict),
            applications=[RepairApplicationType.of(a) for a in r.applications],
            statements=[StatementType.of(s) for s in r.statements],
            objections=[ObjectionType.of(o) for o in r.objections],
        )


@strawberry.type(name="MyEnterprise", description="登录企业的全部信用记录与本年度检查次数")
class MyEnterpriseType:
    uscc: str
    name: str
    records: list[MyRecordType]
    year: int
    random_checks: int = strawberry.field(description="本年度双随机抽查次数")
    case_checks: int = strawberry.field(description="本年度其他检查次数（不计入上限）")
    yearly_cap: int = strawberry.field(description="每年随机抽查次数上限（规则表）")
    cap_source: str

    @classmethod
    def of(cls, o: mine.MyOverview) -> MyEnterpriseType:
        return cls(uscc=o.enterprise.uscc, name=o.enterprise.name,
                   records=[MyRecordType.of(r) for r in o.records], year=o.year,
                   random_checks=o.random_checks, case_checks=o.case_checks,
                   yearly_cap=o.yearly_cap, cap_source=o.cap_source)


@strawberry.type(name="CreditRepairStatistics", description="各部门信用修复申请与办理结果统计")
class RepairStatisticsType:
    department_id: strawberry.ID
    department_name: str
    applications: int
    approved: int
    refused: int
    pending: int

    @classmethod
    def of(cls, s: DepartmentRepairStats) -> RepairStatisticsType:
        return cls(department_id=strawberry.ID(str(s.department_id)),
                   department_name=s.department_name, applications=s.applications,
                   approved=s.approved, refused=s.refused, pending=s.pending)


@strawberry.type(name="PublicStatement", description="企业情况说明（经审核后公开）")
class PublicStatementType:
    text: str
    approved_at: dt.datetime | None

    @classmethod
    def of(cls, s: Statement) -> PublicStatementType:
        return cls(text=s.text, approved_at=s.moderated_at)
