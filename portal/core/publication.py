"""Publication state shared by every publishable kind (DESIGN §3).

A row is public when, and only when, it is ``published``, its go-live moment has passed, and
(for kinds with a display window) today is inside that window. :func:`public_q` is the only
expression of that rule; each domain's ``queries.py`` builds its public selector from it.
"""

from __future__ import annotations

import enum

from tortoise import fields
from tortoise.expressions import Q

from portal.core import clock


class PublicationState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    LEGAL_REVIEW = "legal_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Publishable:
    """Mixin for Tortoise models: publication state, go-live moment and withdrawal notice."""

    publication_state = fields.CharEnumField(
        PublicationState, max_length=16, default=PublicationState.DRAFT, db_index=True
    )
    published_at = fields.DatetimeField(null=True, db_index=True)
    withdrawn_at = fields.DatetimeField(null=True)
    withdrawal_reason = fields.TextField(null=True)


class Windowed:
    """Mixin for kinds shown only inside a display window (penalties, list entries)."""

    displayed_until = fields.DateField(null=True, db_index=True)
    repairable_from = fields.DateField(null=True)


def public_q(*, windowed: bool = False, prefix: str = "") -> Q:
    """The public rule as a filter. ``prefix`` scopes it to a relation (``"enterprise__"``)."""
    q = Q(**{f"{prefix}publication_state": PublicationState.PUBLISHED}) & Q(
        **{f"{prefix}published_at__lte": clock.now()}
    )
    if windowed:
        q &= Q(**{f"{prefix}displayed_until__gte": clock.today()})
    return q
