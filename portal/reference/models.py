"""Reference data: administrative regions (GB/T 2260), industries (GB/T 4754), departments."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model


class Region(Model):
    code = fields.CharField(max_length=6, primary_key=True)
    name = fields.CharField(max_length=64)
    parent: fields.ForeignKeyNullableRelation[Region] = fields.ForeignKeyField(
        "models.Region", related_name="children", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "region"
        ordering = ["code"]

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "county"


class Industry(Model):
    """GB/T 4754 class: section letter (A–T) or a 2–4 digit code under it."""

    code = fields.CharField(max_length=5, primary_key=True)
    name = fields.CharField(max_length=100)
    parent: fields.ForeignKeyNullableRelation[Industry] = fields.ForeignKeyField(
        "models.Industry", related_name="children", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "industry"
        ordering = ["code"]


class DepartmentLevel(enum.StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class Department(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    level = fields.CharEnumField(DepartmentLevel, max_length=16)
    parent: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    region: fields.ForeignKeyNullableRelation[Region] = fields.ForeignKeyField(
        "models.Region", related_name="departments", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "department"
        ordering = ["id"]
