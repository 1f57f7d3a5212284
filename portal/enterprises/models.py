"""Market entities (市场主体), keyed by unified social credit code."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model

from portal.reference.models import Department, Industry, Region


class EnterpriseStatus(enum.StrEnum):
    ACTIVE = "active"  # 存续
    DEREGISTERED = "deregistered"  # 注销
    REVOKED = "revoked"  # 吊销


class Enterprise(Model):
    """Registration data, public by law (企业信息公示). Risk grades are never stored here."""

    id = fields.IntField(primary_key=True)
    uscc = fields.CharField(max_length=18, unique=True)
    uscc_is_pilot = fields.BooleanField(default=False)  # failed the check: early pilot code
    reg_no = fields.CharField(max_length=15, null=True, unique=True)  # old 注册号 alias
    name = fields.CharField(max_length=200, db_index=True)
    entity_type = fields.CharField(max_length=50, default="有限责任公司")
    address = fields.CharField(max_length=300, default="")
    business_scope = fields.TextField(default="")
    established_on = fields.DateField(null=True)
    status = fields.CharEnumField(EnterpriseStatus, max_length=16, default=EnterpriseStatus.ACTIVE)
    region: fields.ForeignKeyNullableRelation[Region] = fields.ForeignKeyField(
        "models.Region", related_name="enterprises", null=True, on_delete=fields.RESTRICT
    )
    industry: fields.ForeignKeyNullableRelation[Industry] = fields.ForeignKeyField(
        "models.Industry", related_name="enterprises", null=True, on_delete=fields.RESTRICT
    )
    # 登记机关: its credit officers verify the enterprise's account bindings.
    registering_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="registered_enterprises", null=True,
        on_delete=fields.RESTRICT,
    )

    class Meta:
        table = "enterprise"
        ordering = ["id"]
        # region/industry filters are ranges on the code (portal.core.scoping.prefix_q)
        indexes = (("region_id", "id"), ("industry_id", "id"))
