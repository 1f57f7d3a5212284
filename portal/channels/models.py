"""Complaint and report channels (投诉举报渠道)."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model

from portal.core.publication import Publishable
from portal.reference.models import Department, Region


class ChannelKind(enum.StrEnum):
    HOTLINE = "hotline"
    WEB = "web"
    MAIL = "mail"
    IN_PERSON = "in_person"


class ComplaintChannel(Publishable, Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(ChannelKind, max_length=16)
    contact = fields.CharField(max_length=300)  # number, URL or postal/street address
    hours = fields.CharField(max_length=200, default="")
    scope = fields.TextField(default="")  # what it handles
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="channels", null=True, on_delete=fields.RESTRICT
    )
    region: fields.ForeignKeyNullableRelation[Region] = fields.ForeignKeyField(
        "models.Region", related_name="channels", null=True, on_delete=fields.RESTRICT
    )
    sort_order = fields.IntField(default=100)

    class Meta:
        table = "complaint_channel"
        ordering = ["sort_order", "id"]
