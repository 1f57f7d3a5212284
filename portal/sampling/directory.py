"""The two directories (两库): targets with scope tags, risk grades and check history; inspectors.

Risk grades are internal: no public selector, schema type or page reads this module's
``TargetProfile.risk_grade``. Inspectors' declared conflicts are personal data: only counts
of recusals are ever published.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from portal.enterprises.models import Enterprise
from portal.reference.models import Department
from portal.sampling.models import SamplingTask

if TYPE_CHECKING:
    from portal.identity.models import StaffAccount


class RiskGrade(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class TargetProfile(Model):
    """An enterprise's entry in the target directory (检查对象名录库)."""

    id = fields.IntField(primary_key=True)
    enterprise: fields.OneToOneRelation[Enterprise] = fields.OneToOneField(
        "models.Enterprise", related_name="target_profile", on_delete=fields.CASCADE
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="target_profiles", on_delete=fields.RESTRICT
    )  # the maintaining department
    scope_tags = fields.CharField(max_length=500, default="")  # sorted, comma-separated
    risk_grade = fields.CharEnumField(RiskGrade, max_length=1)  # NEVER public
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sampling_target"
        ordering = ["id"]

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(t for t in self.scope_tags.split(",") if t)


class CheckTrigger(enum.StrEnum):
    RANDOM = "random"  # 双随机抽查: counts towards the yearly cap
    CASE = "case"  # 投诉举报、转办交办、案件触发: exempt from the cap


class CheckRecord(Model):
    """Inspection history: one check of one enterprise (drawn checks are added by the draw)."""

    id = fields.IntField(primary_key=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="check_records", on_delete=fields.CASCADE
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="check_records", on_delete=fields.RESTRICT
    )
    checked_on = fields.DateField()
    trigger = fields.CharEnumField(CheckTrigger, max_length=8)
    problem_found = fields.BooleanField(null=True)  # None: not yet known
    task: fields.ForeignKeyNullableRelation[SamplingTask] = fields.ForeignKeyField(
        "models.SamplingTask", related_name="check_records", null=True, on_delete=fields.SET_NULL
    )  # the sampling task, if drawn
    note = fields.CharField(max_length=300, default="")

    class Meta:
        table = "sampling_check_record"
        ordering = ["-checked_on", "-id"]
        indexes = (("enterprise_id", "checked_on"),)


class Inspector(Model):
    """An entry in the inspector directory (执法检查人员名录库)."""

    id = fields.IntField(primary_key=True)
    certificate_no = fields.CharField(max_length=40, unique=True)  # 执法证号: the public id
    name = fields.CharField(max_length=50)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="inspectors", on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="inspector_profiles", null=True,
        on_delete=fields.SET_NULL,
    )  # the inspector's back-office account, if any
    qualifications = fields.CharField(max_length=300, default="")  # sorted, comma-separated
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "sampling_inspector"
        ordering = ["certificate_no"]

    @property
    def quals(self) -> frozenset[str]:
        return frozenset(q for q in self.qualifications.split(",") if q)


class InspectorConflict(Model):
    """A declared conflict of interest: the inspector recuses from this enterprise."""

    id = fields.IntField(primary_key=True)
    inspector: fields.ForeignKeyRelation[Inspector] = fields.ForeignKeyField(
        "models.Inspector", related_name="conflicts", on_delete=fields.CASCADE
    )
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="inspector_conflicts", on_delete=fields.CASCADE
    )
    reason = fields.CharField(max_length=300, default="")
    declared_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sampling_inspector_conflict"
        unique_together = (("inspector", "enterprise"),)
