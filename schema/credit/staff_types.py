"""Credit queue rows and their filter in the staff schema."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import strawberry

from portal.core import clock
from portal.credit import queues, workflow
from portal.credit.eligibility import STATE_LABELS
from portal.credit.objections import GROUND_LABELS
from portal.credit.objections import STATE_LABELS as OBJECTION_LABELS
from portal.credit.repair_models import Objection, RepairApplication, Statement
from schema.credit.selfservice_types import STATEMENT_LABELS
from schema.errors import parse_id


@strawberry.enum(name="CreditQueueState")
class QueueState(enum.Enum):
    OPEN = "open"
    DECIDED = "decided"
    ALL = "all"


@strawberry.enum(name="CreditRecordKind")
class RecordKind(enum.Enum):
    PENALTY = "penalty"
    LIST_ENTRY = "list_entry"


@strawberry.input(name="CreditQueueFilter", description="信用队列筛选；部门须在本人办理范围内")
class QueueFilterInput:
    state: QueueState = QueueState.OPEN
    department_id: strawberry.ID | None = None
    record_kind: RecordKind | None = None
    overdue: bool = strawberry.field(default=False, description="仅信用修复：审核或决定期限已过")
    due_within_workdays: int | None = strawberry.field(
        default=None, description="仅信用修复：今天起 N 个工作日内到期（0–60）")

    def parsed(self) -> queues.QueueFilter:
        return queues.QueueFilter(
            state=self.state.value,
            department_id=parse_id(self.department_id, "departmentId") if self.department_id else None,
            record_kind=self.record_kind.value if self.record_kind else "",
            overdue=self.overdue, due_within=self.due_within_workdays)


def parsed(f: QueueFilterInput | None) -> queues.QueueFilter:
    return f.parsed() if f else queues.QueueFilter()


def _common(row: RepairApplication | Statement | Objection) -> dict[str, Any]:
    return {"id": strawberry.ID(str(row.id)), "record_kind": row.record_kind,
            "record_id": strawberry.ID(str(row.record_id)), "enterprise_name": row.enterprise.name,
            "enterprise_uscc": row.enterprise.uscc, "department_id": strawberry.ID(str(row.department.id)),
            "department_name": row.department.name, "submitted_at": row.submitted_at}


@strawberry.interface(name="CreditQueueItem", description="信用队列中的一条：修复申请、情况说明或异议")
class QueueItem:
    id: strawberry.ID
    record_kind: str
    record_id: strawberry.ID
    enterprise_name: str
    enterprise_uscc: str
    department_id: strawberry.ID
    department_name: str
    submitted_at: dt.datetime
    state: str
    state_label: str


@strawberry.type(name="CreditQueueRepair", description="信用修复队列中的一条申请")
class QueueRepairType(QueueItem):
    review_due: dt.date | None
    decision_due: dt.date | None
    current_due: dt.date | None = strawberry.field(description="正在计时的审核或决定期限")
    overdue: bool

    @classmethod
    def of(cls, a: RepairApplication) -> QueueRepairType:
        running = a.next_due if a.state in workflow.CLOCKED_STATES else None
        return cls(**_common(a), state=a.state.value, state_label=STATE_LABELS[a.state.value],
                   review_due=a.review_due, decision_due=a.decision_due, current_due=running,
                   overdue=running is not None and running < clock.today())


@strawberry.type(name="CreditQueueStatement", description="待审核（或已审核）的企业情况说明")
class QueueStatementType(QueueItem):
    text: str
    moderation_reason: str

    @classmethod
    def of(cls, s: Statement) -> QueueStatementType:
        return cls(**_common(s), state=s.state.value, state_label=STATEMENT_LABELS[s.state.value],
                   text=s.text, moderation_reason=s.moderation_reason)


@strawberry.type(name="CreditQueueObjection", description="待处理（或已处理）的异议")
class QueueObjectionType(QueueItem):
    ground: str
    ground_label: str
    text: str
    decision_reason: str

    @classmethod
    def of(cls, o: Objection) -> QueueObjectionType:
        return cls(**_common(o), state=o.state.value, state_label=OBJECTION_LABELS[o.state],
                   ground=o.ground.value, ground_label=GROUND_LABELS[o.ground], text=o.text,
                   decision_reason=o.decision_reason)
