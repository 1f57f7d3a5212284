"""Rules and normative documents (规章/规范性文件)."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model

from portal.core.publication import Publishable
from portal.reference.models import Department, Region


class Validity(enum.StrEnum):
    VALID = "valid"  # 有效
    REPEALED = "repealed"  # 废止
    AMENDED = "amended"  # 已修订


class Regulation(Publishable, Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=300)
    doc_number = fields.CharField(max_length=100, default="")  # 文号
    issuer = fields.CharField(max_length=200)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="regulations", null=True, on_delete=fields.RESTRICT
    )
    region: fields.ForeignKeyNullableRelation[Region] = fields.ForeignKeyField(
        "models.Region", related_name="regulations", null=True, on_delete=fields.RESTRICT
    )
    issued_on = fields.DateField(null=True)
    effective_on = fields.DateField(null=True)
    validity = fields.CharEnumField(Validity, max_length=16, default=Validity.VALID)
    body = fields.TextField()
    source_note = fields.CharField(max_length=300, default="")

    class Meta:
        table = "regulation"
        ordering = ["-issued_on", "-id"]
