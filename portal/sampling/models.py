"""Inspection item lists (随机抽查事项清单), annual sampling plans and their tasks."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model

from portal.core.publication import Publishable
from portal.reference.models import Department


class ItemCategory(enum.StrEnum):
    KEY = "key"  # 重点检查事项
    GENERAL = "general"  # 一般检查事项


class InspectionItem(Publishable, Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200)
    category = fields.CharEnumField(ItemCategory, max_length=16)
    target_type = fields.CharField(max_length=200, default="")  # 检查对象
    legal_basis = fields.TextField(default="")
    method = fields.CharField(max_length=200, default="")
    ratio = fields.CharField(max_length=100, default="")  # e.g. "不低于5%"
    frequency = fields.CharField(max_length=100, default="")
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="inspection_items", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "inspection_item"
        ordering = ["code"]


class Progress(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class SamplingPlan(Publishable, Model):
    id = fields.IntField(primary_key=True)
    year = fields.IntField(db_index=True)
    name = fields.CharField(max_length=300)
    lead_department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="led_plans", on_delete=fields.RESTRICT
    )
    participants: fields.ManyToManyRelation[Department] = fields.ManyToManyField(
        "models.Department", related_name="joined_plans", through="sampling_plan_participant"
    )
    items: fields.ManyToManyRelation[InspectionItem] = fields.ManyToManyField(
        "models.InspectionItem", related_name="plans", through="sampling_plan_item"
    )
    scope = fields.TextField(default="")  # 抽查范围 / 对象
    ratio_percent = fields.DecimalField(max_digits=5, decimal_places=2, null=True)
    window_start = fields.DateField(null=True)
    window_end = fields.DateField(null=True)
    progress = fields.CharEnumField(Progress, max_length=16, default=Progress.PLANNED)

    class Meta:
        table = "sampling_plan"
        ordering = ["-year", "id"]


class SamplingTask(Publishable, Model):
    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[SamplingPlan] = fields.ForeignKeyField(
        "models.SamplingPlan", related_name="tasks", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=300)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="sampling_tasks", on_delete=fields.RESTRICT
    )
    scope = fields.TextField(default="")
    ratio_percent = fields.DecimalField(max_digits=5, decimal_places=2, null=True)
    target_count = fields.IntField(default=0)
    window_start = fields.DateField(null=True)
    window_end = fields.DateField(null=True)
    progress = fields.CharEnumField(Progress, max_length=16, default=Progress.PLANNED)
    completed_on = fields.DateField(null=True)

    class Meta:
        table = "sampling_task"
        ordering = ["plan_id", "id"]
