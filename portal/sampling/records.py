"""Draw set-up per plan, and the draw record of a task with its drawn targets and assignments.

A :class:`TaskDraw` is written twice and never again: once when the frame is fixed and the seed
committed (``committed_at``), once when the draw is run and the seed revealed (``drawn_at``).
No service updates a drawn record (portal.sampling.drawing); both writes are audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from portal.enterprises.models import Enterprise
from portal.sampling.directory import Inspector
from portal.sampling.models import SamplingPlan, SamplingTask

if TYPE_CHECKING:
    from portal.inspections.models import InspectionResult


class PlanSetting(Model):
    """How a plan's tasks draw: scope filter, ratio per risk grade, constraints."""

    id = fields.IntField(primary_key=True)
    plan: fields.OneToOneRelation[SamplingPlan] = fields.OneToOneField(
        "models.SamplingPlan", related_name="setting", on_delete=fields.CASCADE
    )
    scope_tags = fields.CharField(max_length=500, default="")  # targets must carry all of them
    ratio_a = fields.DecimalField(max_digits=5, decimal_places=2, default=3)
    ratio_b = fields.DecimalField(max_digits=5, decimal_places=2, default=5)
    ratio_c = fields.DecimalField(max_digits=5, decimal_places=2, default=10)
    ratio_d = fields.DecimalField(max_digits=5, decimal_places=2, default=20)
    required_qualifications = fields.CharField(max_length=300, default="")
    inspectors_per_target = fields.IntField(default=2)
    per_inspector_limit = fields.IntField(null=True)
    yearly_cap = fields.IntField(default=2)  # random checks per enterprise per year
    exclude_higher_level = fields.BooleanField(default=True)
    recent_clean_days = fields.IntField(default=365)  # 0: no such exclusion

    class Meta:
        table = "sampling_plan_setting"


class TaskDraw(Model):
    """The draw of one task: commitment (public), frame, and after the draw the revealed seed."""

    id = fields.IntField(primary_key=True)
    task: fields.OneToOneRelation[SamplingTask] = fields.OneToOneField(
        "models.SamplingTask", related_name="draw", on_delete=fields.RESTRICT
    )
    algorithm = fields.CharField(max_length=20)
    seed_commitment = fields.CharField(max_length=64)
    seed_hex = fields.CharField(max_length=64)  # SECRET until drawn_at is set
    frame_digest = fields.CharField(max_length=64)
    labelled_frame = fields.TextField()  # private: reveals strata membership (risk grades)
    frame_codes = fields.TextField()  # public: the credit codes, sorted, one per line
    codes_digest = fields.CharField(max_length=64)
    strata: Any = fields.JSONField()  # [{label, size, quota, ratio}]
    exclusions: Any = fields.JSONField()  # [{rule, text, count}]
    inspector_frame = fields.TextField()  # public: "certificate\tqualifications" lines
    inspector_frame_digest = fields.CharField(max_length=64)
    required_qualifications = fields.CharField(max_length=300, default="")
    inspectors_per_target = fields.IntField(default=2)
    per_inspector_limit = fields.IntField(null=True)
    committed_at = fields.DatetimeField()
    committed_by = fields.CharField(max_length=100)
    drawn_at = fields.DatetimeField(null=True)
    drawn_by = fields.CharField(max_length=100, null=True)
    selected: Any = fields.JSONField(null=True)  # {label: [[uscc, key], ...]} in draw order
    cutoffs: Any = fields.JSONField(null=True)  # {label: key | null}
    assignments: Any = fields.JSONField(null=True)  # {uscc: [certificate, ...]}
    recusal_counts: Any = fields.JSONField(null=True)  # {uscc: n}: public
    conflicts: Any = fields.JSONField(null=True)  # {certificate: [uscc]} as of the draw: private

    class Meta:
        table = "sampling_draw"


class DrawnTarget(Model):
    """One drawn enterprise of a task, with its inspection result once entered."""

    id = fields.IntField(primary_key=True)
    task: fields.ForeignKeyRelation[SamplingTask] = fields.ForeignKeyField(
        "models.SamplingTask", related_name="drawn_targets", on_delete=fields.RESTRICT
    )
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="drawn_in", on_delete=fields.RESTRICT
    )
    position = fields.IntField()  # processing order (strata by label, then draw order)
    result: fields.ForeignKeyNullableRelation[InspectionResult] = fields.ForeignKeyField(
        "models.InspectionResult", related_name="drawn_target", null=True,
        on_delete=fields.SET_NULL,
    )

    class Meta:
        table = "sampling_drawn_target"
        ordering = ["task_id", "position"]
        unique_together = (("task", "enterprise"),)


class DrawAssignment(Model):
    id = fields.IntField(primary_key=True)
    target: fields.ForeignKeyRelation[DrawnTarget] = fields.ForeignKeyField(
        "models.DrawnTarget", related_name="assignments", on_delete=fields.CASCADE
    )
    inspector: fields.ForeignKeyRelation[Inspector] = fields.ForeignKeyField(
        "models.Inspector", related_name="assignments", on_delete=fields.RESTRICT
    )
    position = fields.IntField()

    class Meta:
        table = "sampling_draw_assignment"
        ordering = ["target_id", "position"]
