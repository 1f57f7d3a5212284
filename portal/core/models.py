"""Core tables: the versioned rule table, the audit log and the search outbox."""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model


class RuleSubject(enum.StrEnum):
    PENALTY = "penalty"
    LIST_ENTRY = "list_entry"


class DisplayRule(Model):
    """One row of the rule table (DESIGN §6), in force from ``effective_from``.

    A record keeps the rule in force on its decision date. ``max_months`` 0 means
    "not displayed" (e.g. warnings only); ``min_months`` null means repair is not possible.
    """

    id = fields.IntField(primary_key=True)
    subject = fields.CharEnumField(RuleSubject, max_length=16)
    category = fields.CharField(max_length=32)  # penalty severity or list kind
    effective_from = fields.DateField()
    min_months = fields.IntField(null=True)
    max_months = fields.IntField()
    regime = fields.CharField(max_length=200)  # the legal source, shown to the public
    note = fields.TextField(default="")

    class Meta:
        table = "display_rule"
        unique_together = (("subject", "category", "effective_from"),)
        ordering = ["subject", "category", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.subject}/{self.category} from {self.effective_from}"


class AuditEntry(Model):
    """One state change, written in the same transaction as the change itself.

    Entries are hash-chained: ``hash`` = SHA-256 over the canonical entry and ``prev_hash``, so
    an edited, inserted or deleted entry breaks the chain (see portal.core.audit.verify).
    """

    id = fields.BigIntField(primary_key=True)
    seq = fields.BigIntField(unique=True)  # gap-free position in the chain
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=100)  # staff account id, client id or "system"
    actor_role = fields.CharField(max_length=40, default="")
    actor_department_id = fields.IntField(null=True)
    action = fields.CharField(max_length=60, db_index=True)  # e.g. "penalty.publish"
    subject_kind = fields.CharField(max_length=40, db_index=True)
    subject_id = fields.CharField(max_length=64, db_index=True)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    reason = fields.TextField(default="")
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_entry"
        ordering = ["seq"]


class OutboxAction(enum.StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class OutboxEvent(Model):
    """A change that the search indexer must apply, written in the changing transaction.

    The indexer re-reads the row through the public selector, so an "upsert" of a row that is
    no longer public becomes a delete: the event says *what* changed, never *what to show*.
    """

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=40)  # index kind, e.g. "penalty"
    object_id = fields.CharField(max_length=64)
    action = fields.CharEnumField(OutboxAction, max_length=8, default=OutboxAction.UPSERT)
    created_at = fields.DatetimeField(auto_now_add=True)
    attempts = fields.IntField(default=0)
    available_at = fields.DatetimeField(auto_now_add=True)  # next attempt not before this
    processed_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)

    class Meta:
        table = "outbox_event"
        ordering = ["id"]
        indexes = (("processed_at", "available_at", "id"),)


class NoticeAction(enum.StrEnum):
    WITHDRAWN = "withdrawn"  # 撤回
    CORRECTED = "corrected"  # 更正
    REPAIRED = "repaired"  # 信用修复：停止公示
    DELISTED = "delisted"  # 移出名录
    EXPIRED = "expired"  # 公示期满


class PublicNotice(Model):
    """A public notice that a published record changed: what, when and why (DESIGN §3).

    A withdrawal, correction or credit repair never silently deletes: it leaves one of these,
    shown on the record's page and in the feeds. ``summary`` and ``reason`` are public text and
    must already be redacted by the caller. Written in the same transaction as the change.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40, db_index=True)  # index kind, e.g. "penalty"
    object_id = fields.IntField()
    action = fields.CharEnumField(NoticeAction, max_length=16)
    title = fields.CharField(max_length=300)  # the record as it was known publicly
    summary = fields.TextField(default="")  # what changed
    reason = fields.TextField(default="")  # why
    department_id = fields.IntField(null=True, db_index=True)
    enterprise_id = fields.IntField(null=True, db_index=True)
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "public_notice"
        ordering = ["-created_at", "-id"]
        indexes = (("kind", "object_id"),)
