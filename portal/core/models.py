"""Core tables: the versioned rule table for display windows."""

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
