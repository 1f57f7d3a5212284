"""Tip tables. Every field holding what a submitter wrote is sealed (portal.tips.crypto).

Plain columns hold only what routing and the clocks need: kind, category (a code from a fixed
list), department, enterprise id, states, dates and flags. No IP address is stored anywhere.
"""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.models import Model


class TipKind(enum.StrEnum):
    REPORT = "report"  # 举报：违法线索，核查/调查
    COMPLAINT = "complaint"  # 投诉：消费纠纷，调解


class TrackState(enum.StrEnum):
    REGISTERED = "registered"  # 登记
    ACCEPTED = "accepted"  # 受理
    REFUSED = "refused"  # 不予受理
    ASSIGNED = "assigned"  # 分办
    INVESTIGATING = "investigating"  # 调查（举报）
    MEDIATING = "mediating"  # 调解（投诉）
    HANDLED = "handled"  # 处理
    FEEDBACK = "feedback"  # 反馈
    CLOSED = "closed"  # 办结


class Author(enum.StrEnum):
    SUBMITTER = "submitter"
    STAFF = "staff"


class Tip(Model):
    """One submission. It holds one track per kind (a report, a complaint, or both)."""

    id = fields.IntField(primary_key=True)
    receipt_hash = fields.CharField(max_length=64, unique=True)  # Argon2id, hex
    created_at = fields.DatetimeField()
    enterprise_id = fields.IntField(null=True, db_index=True)  # when the lookup found it
    enterprise_text = fields.BinaryField(null=True)  # sealed: what the submitter typed
    category = fields.CharField(max_length=32)  # a code of portal.tips.catalogue.CATEGORIES
    place = fields.BinaryField()  # sealed
    occurred = fields.BinaryField()  # sealed
    description = fields.BinaryField()  # sealed
    identity = fields.BinaryField(null=True)  # sealed; custodian only
    contact = fields.BinaryField(null=True)  # sealed; custodian only
    consent_publication = fields.BooleanField(default=False)  # complaints only
    reward_claim = fields.BooleanField(default=False)  # reports only
    fingerprint = fields.CharField(max_length=64, db_index=True)  # keyed hash, duplicates
    duplicate_of_id = fields.IntField(null=True)

    class Meta:
        table = "tip"
        ordering = ["-id"]


class TipTrack(Model):
    """One kind of a submission with its own state, department and clocks."""

    id = fields.IntField(primary_key=True)
    tip: fields.ForeignKeyRelation[Tip] = fields.ForeignKeyField(
        "models.Tip", related_name="tracks", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(TipKind, max_length=12)
    state = fields.CharEnumField(TrackState, max_length=16, default=TrackState.REGISTERED)
    department_id = fields.IntField(null=True, db_index=True)
    registered_on = fields.DateField()
    accept_due = fields.DateField()
    accepted_on = fields.DateField(null=True)
    handling_due = fields.DateField(null=True)  # verification (report) or mediation (complaint)
    extended = fields.BooleanField(default=False)
    current_due = fields.DateField(null=True, db_index=True)  # the clock that runs now
    refusal_ground = fields.CharField(max_length=32, null=True)
    outcome = fields.CharField(max_length=32, null=True)
    closed_on = fields.DateField(null=True)
    published_at = fields.DatetimeField(null=True)  # a consented, reviewed complaint
    updated_at = fields.DatetimeField()

    class Meta:
        table = "tip_track"
        unique_together = (("tip", "kind"),)
        ordering = ["id"]


class TipMessage(Model):
    """A message between the submitter and staff (or a staff-internal note). Body sealed."""

    id = fields.IntField(primary_key=True)
    tip: fields.ForeignKeyRelation[Tip] = fields.ForeignKeyField(
        "models.Tip", related_name="messages", on_delete=fields.CASCADE
    )
    track_id = fields.IntField(null=True)
    author = fields.CharEnumField(Author, max_length=12)
    author_id = fields.CharField(max_length=100, default="")  # staff actor id; "" for submitter
    body = fields.BinaryField()
    internal = fields.BooleanField(default=False)  # staff note, never shown to the submitter
    created_at = fields.DatetimeField()

    class Meta:
        table = "tip_message"
        ordering = ["id"]


class TipAttachment(Model):
    """An uploaded file: type sniffed from its bytes, name and content sealed."""

    id = fields.IntField(primary_key=True)
    tip: fields.ForeignKeyRelation[Tip] = fields.ForeignKeyField(
        "models.Tip", related_name="attachments", on_delete=fields.CASCADE
    )
    author = fields.CharEnumField(Author, max_length=12)
    name = fields.BinaryField()
    media_type = fields.CharField(max_length=40)
    size = fields.IntField()
    content = fields.BinaryField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "tip_attachment"
        ordering = ["id"]


class TipRule(Model):
    """A tip clock in working days, in force from ``effective_from`` (DESIGN §6)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=32)  # accept, verify, verify_extension, mediation
    effective_from = fields.DateField()
    working_days = fields.IntField()
    regime = fields.CharField(max_length=200)
    note = fields.TextField(default="")

    class Meta:
        table = "tip_rule"
        unique_together = (("key", "effective_from"),)
        ordering = ["key", "-effective_from"]


class RefusalGround(Model):
    """A ground for 不予受理, from the rule data (not literals in code)."""

    code = fields.CharField(max_length=32, primary_key=True)
    kind = fields.CharField(max_length=12)  # report, complaint or both
    label = fields.TextField()
    basis = fields.CharField(max_length=200)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "tip_refusal_ground"
        ordering = ["code"]


class IdentityAccess(Model):
    """One reasoned, audited opening of the submitter identity by a custodian."""

    id = fields.IntField(primary_key=True)
    tip: fields.ForeignKeyRelation[Tip] = fields.ForeignKeyField(
        "models.Tip", related_name="identity_accesses", on_delete=fields.CASCADE
    )
    custodian = fields.CharField(max_length=100)
    reason = fields.TextField()
    at = fields.DatetimeField()

    class Meta:
        table = "tip_identity_access"
        ordering = ["-id"]
