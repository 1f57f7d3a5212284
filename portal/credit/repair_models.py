"""Credit repair (信用修复), objections (异议), statements (情况说明) and their clock rules.

All three are about one *record*: a penalty or a list entry, named by ``record_kind``
(:data:`RECORD_KINDS`, the same names as the search index kinds) and ``record_id``. They belong
to the record's enterprise and are handled by the record's department.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from portal.enterprise_accounts.models import EnterpriseAccount
    from portal.enterprises.models import Enterprise
    from portal.reference.models import Department

RECORD_KINDS = ("penalty", "list_entry")


class RepairState(enum.StrEnum):
    SUBMITTED = "submitted"  # 申请
    RETURNED = "returned"  # 退回补正
    ACCEPTED = "accepted"  # 受理（审核期限起算）
    REVIEWED = "reviewed"  # 审核完毕，待决定（决定期限起算）
    APPROVED = "approved"  # 准予修复：停止公示
    REFUSED = "refused"  # 不予修复


class _RecordRef(Model):
    id = fields.IntField(primary_key=True)
    record_kind = fields.CharField(max_length=20)
    record_id = fields.IntField()
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", on_delete=fields.RESTRICT
    )
    submitted_by: fields.ForeignKeyRelation[EnterpriseAccount] = fields.ForeignKeyField(
        "models.EnterpriseAccount", on_delete=fields.RESTRICT
    )
    submitted_at = fields.DatetimeField()

    class Meta:
        abstract = True


class RepairApplication(_RecordRef):
    """One application to stop the public display of one record."""

    state = fields.CharEnumField(RepairState, max_length=16, default=RepairState.SUBMITTED)
    commitment = fields.TextField()  # 信用承诺书 text as signed
    performance = fields.TextField(default="")  # 履行情况说明：罚款缴纳、整改完成
    accepted_on = fields.DateField(null=True)
    review_due = fields.DateField(null=True)
    reviewed_on = fields.DateField(null=True)
    decision_due = fields.DateField(null=True)
    decided_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")  # the latest return/refusal/approval reason
    clock_warnings = fields.TextField(default="")  # provisional working-day calendar notes
    # When the officer's next step falls due: the review or decision clock while one runs, else
    # the day the application was (re)submitted (acceptance has no clock in the rule table, and
    # work waiting since day X ranks with a clock that fell due on day X). The open queue's keyset
    # order is (next_due, id); not null, so that order is the same on SQLite and PostgreSQL.
    next_due = fields.DateField()

    steps: fields.ReverseRelation[RepairStep]
    attachments: fields.ReverseRelation[RepairAttachment]

    class Meta:
        table = "credit_repair"
        ordering = ["-submitted_at", "-id"]
        indexes = (("record_kind", "record_id"), ("department_id", "state"),
                   ("state", "next_due", "id"))


class RepairStep(Model):
    """One step of an application's history, shown to the enterprise in its account."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[RepairApplication] = fields.ForeignKeyField(
        "models.RepairApplication", related_name="steps", on_delete=fields.CASCADE
    )
    from_state = fields.CharField(max_length=16, default="")
    to_state = fields.CharField(max_length=16)
    actor = fields.CharField(max_length=100)
    at = fields.DatetimeField()
    reason = fields.TextField(default="")

    class Meta:
        table = "credit_repair_step"
        ordering = ["at", "id"]


class RepairAttachment(Model):
    """A proof of performance (payment receipt, rectification report): type and size checked."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[RepairApplication] = fields.ForeignKeyField(
        "models.RepairApplication", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=60)  # as sniffed, never as declared
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    data = fields.BinaryField()
    uploaded_at = fields.DatetimeField()

    class Meta:
        table = "credit_repair_attachment"
        ordering = ["id"]


class StatementState(enum.StrEnum):
    PENDING = "pending"  # 待审核
    APPROVED = "approved"  # 已通过：公开显示于记录旁
    REJECTED = "rejected"  # 未通过


class Statement(_RecordRef):
    """The enterprise's right of reply beside a record, public only once a moderator approves."""

    text = fields.TextField()
    state = fields.CharEnumField(StatementState, max_length=16, default=StatementState.PENDING)
    moderated_by = fields.CharField(max_length=100, default="")
    moderated_at = fields.DatetimeField(null=True)
    moderation_reason = fields.TextField(default="")

    class Meta:
        table = "credit_statement"
        ordering = ["-submitted_at", "-id"]
        indexes = (("record_kind", "record_id", "state"),)


class ObjectionGround(enum.StrEnum):
    CONTENT = "content"  # 记载内容有误
    PERIOD = "period"  # 公示期限有误


class ObjectionState(enum.StrEnum):
    SUBMITTED = "submitted"  # 已提交，待处理
    UPHELD = "upheld"  # 异议成立：记录经发布流程更正
    REJECTED = "rejected"  # 异议不成立


class Objection(_RecordRef):
    ground = fields.CharEnumField(ObjectionGround, max_length=16)
    text = fields.TextField()
    state = fields.CharEnumField(ObjectionState, max_length=16, default=ObjectionState.SUBMITTED)
    decided_by = fields.CharField(max_length=100, default="")
    decided_at = fields.DatetimeField(null=True)
    decision_reason = fields.TextField(default="")
    correction = fields.TextField(default="")  # what the corrected record must say

    class Meta:
        table = "credit_objection"
        ordering = ["-submitted_at", "-id"]


class LimitRule(Model):
    """A numeric rule of the rule table (DESIGN §6) in force from ``effective_from``: a
    working-day clock (``unit`` "working_days") or a yearly count (``unit`` "per_year")."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=40)  # e.g. "credit_repair.review"
    effective_from = fields.DateField()
    value = fields.IntField()
    unit = fields.CharField(max_length=16, default="working_days")
    source = fields.CharField(max_length=200, default="")

    class Meta:
        table = "limit_rule"
        unique_together = (("key", "effective_from"),)
        ordering = ["key", "-effective_from"]
