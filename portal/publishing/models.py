"""Publication review tables: revisions (staff-only originals and masks), published versions,
and the staff-maintained working-day schedules for years the calendar library lacks."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from portal.core.publication import PublicationState


class Revision(Model):
    """One round of editing a record, from draft to publication (staff only, never public).

    ``data`` holds the *original* field values as the editor typed them and ``masks`` the
    accepted privacy masks per free-text field; the record row itself only ever receives the
    redacted public text, so no public path can read an original.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    object_id = fields.IntField()
    department_id = fields.IntField(db_index=True)
    number = fields.IntField(default=1)
    state = fields.CharEnumField(PublicationState, max_length=16, default=PublicationState.DRAFT,
                                 db_index=True)
    data: Any = fields.JSONField(default=dict)
    masks: Any = fields.JSONField(default=dict)
    major = fields.BooleanField(default=False)  # needs legal review
    correction_reason = fields.TextField(null=True)  # set on a correction of a published record
    comments = fields.TextField(default="")  # reviewer's latest comments (send back)
    author = fields.CharField(max_length=100)
    author_name = fields.CharField(max_length=100, default="")
    reviewer = fields.CharField(max_length=100, null=True)
    legal_reviewer = fields.CharField(max_length=100, null=True)
    go_live_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "publication_revision"
        ordering = ["-updated_at", "-id"]
        indexes = (("kind", "object_id"),)


class Version(Model):
    """A published version of a record: kept forever so staff can compare versions."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    object_id = fields.IntField()
    number = fields.IntField()
    data: Any = fields.JSONField()  # original values (staff)
    public: Any = fields.JSONField()  # the redacted values that went public
    published_at = fields.DatetimeField()
    published_by = fields.CharField(max_length=100)
    reason = fields.TextField(default="")  # correction reason, if any

    class Meta:
        table = "publication_version"
        ordering = ["kind", "object_id", "number"]
        unique_together = (("kind", "object_id", "number"),)


class WorkdayYear(Model):
    """The State Council holiday schedule of one year, entered by staff (2027 onward)."""

    id = fields.IntField(primary_key=True)
    year = fields.IntField(unique=True)
    holidays: Any = fields.JSONField(default=list)  # ISO dates
    makeup_workdays: Any = fields.JSONField(default=list)  # ISO dates: 调休上班
    source = fields.CharField(max_length=300, default="")  # e.g. 国办发明电〔2026〕X号
    updated_at = fields.DatetimeField()
    updated_by = fields.CharField(max_length=100, default="")

    class Meta:
        table = "workday_year"
        ordering = ["year"]
