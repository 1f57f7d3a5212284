"""Administrative penalties (行政处罚) and the two blacklists (经营异常名录 / 严重违法失信名单).

Both carry a display window computed from the rule table in force on the decision/listing date.
"""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model

from portal.core.models import DisplayRule
from portal.core.publication import Publishable, Windowed
from portal.enterprises.models import Enterprise
from portal.reference.models import Department


class Severity(enum.StrEnum):
    GENERAL = "general"  # 一般
    SERIOUS = "serious"  # 严重
    WARNING = "warning"  # 仅警告：不予公示


class Penalty(Publishable, Windowed, Model):
    id = fields.IntField(primary_key=True)
    decision_number = fields.CharField(max_length=100)  # 处罚决定书文号
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="penalties", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="penalties", on_delete=fields.RESTRICT
    )
    decided_on = fields.DateField()
    severity = fields.CharEnumField(Severity, max_length=16)
    violation = fields.TextField()  # 违法行为类型/事实
    basis = fields.TextField(default="")  # 处罚依据
    content = fields.TextField(default="")  # 处罚内容
    fine_amount = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    # 吊销许可证件/营业执照: a major decision needing legal review (issue 5)
    revokes_licence = fields.BooleanField(default=False, db_default=False)
    display_rule: fields.ForeignKeyNullableRelation[DisplayRule] = fields.ForeignKeyField(
        "models.DisplayRule", related_name="penalties", null=True, on_delete=fields.RESTRICT
    )
    # Credit repair (docs/credit-repair.md): obligations met, exclusions in law, repaired.
    fine_paid_on = fields.DateField(null=True)  # 罚款缴清（履行完毕）日期
    repair_exclusion = fields.TextField(null=True)  # 依法不得修复的理由（如有）
    repaired_at = fields.DatetimeField(null=True)  # 准予信用修复：停止公示

    class Meta:
        table = "penalty"
        ordering = ["-decided_on", "-id"]
        indexes = (("enterprise_id", "decided_on", "id"), ("publication_state", "decided_on", "id"))


class ListKind(enum.StrEnum):
    ABNORMAL = "abnormal"  # 经营异常名录
    SERIOUS_DISHONESTY = "serious_dishonesty"  # 严重违法失信名单


class ListEntry(Publishable, Windowed, Model):
    """One listing. "Active" is derived from the dates, never stored."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ListKind, max_length=24, db_index=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="list_entries", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="list_entries", on_delete=fields.RESTRICT
    )
    reason = fields.TextField()
    basis = fields.TextField(default="")
    decision_number = fields.CharField(max_length=100, default="")
    listed_on = fields.DateField()
    removed_on = fields.DateField(null=True)
    removal_reason = fields.TextField(null=True)
    removal_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="list_removals", null=True, on_delete=fields.RESTRICT
    )
    display_rule: fields.ForeignKeyNullableRelation[DisplayRule] = fields.ForeignKeyField(
        "models.DisplayRule", related_name="list_entries", null=True, on_delete=fields.RESTRICT
    )
    repaired_at = fields.DatetimeField(null=True)  # 准予信用修复：停止公示

    class Meta:
        table = "list_entry"
        ordering = ["-listed_on", "-id"]
        indexes = (("enterprise_id", "listed_on", "id"), ("kind", "publication_state", "listed_on"))
