"""Feed entries: one public row (or notice) as a title, a date, a link and a short summary.

Pure functions of rows that came through a public selector (with their related rows loaded),
or of public notices. Summaries use public fields only; free text is shortened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.models import Model

from portal.channels.documents import KIND_LABELS as CHANNEL_KIND_LABELS
from portal.channels.models import ComplaintChannel
from portal.core import clock
from portal.core.models import PublicNotice
from portal.credit.documents import LIST_KIND_LABELS, SEVERITY_LABELS
from portal.credit.models import ListEntry, Penalty
from portal.enterprises.models import Enterprise
from portal.feeds import texts
from portal.inspections.models import RESULT_LABELS, InspectionResult
from portal.regulations.models import Regulation
from portal.sampling.models import InspectionItem, SamplingPlan

SHORT = 120


@dataclass(frozen=True)
class FeedEntry:
    key: str  # stable: "<kind>/<id>", "notice/<id>", "list_entry/<id>/removed"
    title: str
    updated: dt.datetime
    path: str  # the record's public page
    author: str  # the department that published it
    summary: str
    category: str  # what kind of record


def short(text: str | None, limit: int = SHORT) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _live(row: Model) -> dt.datetime:
    """When a public row went live (public rows always have this moment)."""
    moment: dt.datetime | None = getattr(row, "published_at", None)
    assert moment is not None
    return moment


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.CST)


def regulation(row: Regulation) -> FeedEntry:
    author = row.department.name if row.department else row.issuer
    return FeedEntry(
        f"regulation/{row.id}", row.title, _live(row), f"/regulations/{row.id}",
        author, texts.REGULATION.format(
            doc_number=row.doc_number or "无文号", issuer=row.issuer, issued_on=_day(row.issued_on),
            validity=texts.VALIDITY.get(row.validity, "")),
        "规章制度",
    )


def item(row: InspectionItem) -> FeedEntry:
    return FeedEntry(
        f"inspection_item/{row.id}", row.name, _live(row), "/inspection-items",
        row.department.name, texts.ITEM.format(
            code=row.code, category=texts.ITEM_CATEGORY.get(row.category, ""),
            department=row.department.name),
        "抽查事项",
    )


def plan(row: SamplingPlan) -> FeedEntry:
    return FeedEntry(
        f"sampling_plan/{row.id}", row.name, _live(row), f"/sampling-plans/{row.id}",
        row.lead_department.name, texts.PLAN.format(
            year=row.year, department=row.lead_department.name, scope=short(row.scope)).rstrip("；"),
        "抽查计划",
    )


def result(row: InspectionResult) -> FeedEntry:
    label = RESULT_LABELS.get(row.result_code, "")
    return FeedEntry(
        f"inspection_result/{row.id}",
        texts.RESULT_TITLE.format(enterprise=row.enterprise.name, label=label),
        _live(row), f"/enterprises/{row.enterprise.uscc}", row.department.name,
        texts.RESULT.format(uscc=row.enterprise.uscc, on=_day(row.inspected_on), label=label,
                            department=row.department.name),
        "抽查检查结果",
    )


def penalty(row: Penalty) -> FeedEntry:
    return FeedEntry(
        f"penalty/{row.id}",
        texts.PENALTY_TITLE.format(enterprise=row.enterprise.name, number=row.decision_number),
        _live(row), f"/penalties/{row.id}", row.department.name,
        texts.PENALTY.format(
            uscc=row.enterprise.uscc, severity=SEVERITY_LABELS.get(row.severity, ""),
            on=_day(row.decided_on), violation=short(row.violation),
            department=row.department.name, until=_day(row.displayed_until)),
        "行政处罚",
    )


def listing(row: ListEntry) -> FeedEntry:
    label = LIST_KIND_LABELS.get(row.kind, "")
    return FeedEntry(
        f"list_entry/{row.id}",
        texts.LISTING_TITLE.format(enterprise=row.enterprise.name, label=label),
        _live(row), f"/lists/entries/{row.id}", row.department.name,
        texts.LISTING.format(
            uscc=row.enterprise.uscc, on=_day(row.listed_on), reason=short(row.reason),
            department=row.department.name, until=_day(row.displayed_until)),
        label,
    )


def removal(row: ListEntry) -> FeedEntry:
    """The removal of a still-shown entry: a delisting, dated by its removal day."""
    label = LIST_KIND_LABELS.get(row.kind, "")
    assert row.removed_on is not None
    updated = max(_live(row), _start_of(row.removed_on))
    return FeedEntry(
        f"list_entry/{row.id}/removed",
        texts.REMOVAL_TITLE.format(enterprise=row.enterprise.name, label=label),
        updated, f"/lists/entries/{row.id}", row.department.name,
        texts.REMOVAL.format(uscc=row.enterprise.uscc, on=_day(row.removed_on),
                             reason=short(row.removal_reason)).rstrip("；"),
        label,
    )


def channel(row: ComplaintChannel) -> FeedEntry:
    return FeedEntry(
        f"complaint_channel/{row.id}", row.name, _live(row), "/channels",
        row.department.name if row.department else texts.SITE,
        texts.CHANNEL.format(kind=CHANNEL_KIND_LABELS.get(row.kind, ""), contact=row.contact,
                             hours=row.hours).rstrip("；"),
        "投诉举报渠道",
    )


NOTICE_PAGES = {
    "regulation": "/regulations/{id}", "sampling_plan": "/sampling-plans/{id}",
    "penalty": "/penalties/{id}", "list_entry": "/lists/entries/{id}",
    "inspection_item": "/inspection-items", "inspection_result": "/inspection-results",
    "complaint_channel": "/channels",
}


def notice(row: PublicNotice, department: str | None, enterprise: Enterprise | None) -> FeedEntry:
    """A withdrawal, correction, repair, delisting or expiry notice, linked to its record."""
    if row.kind == "inspection_result" and enterprise is not None:
        path = f"/enterprises/{enterprise.uscc}"
    else:
        path = NOTICE_PAGES.get(row.kind, "/").format(id=row.object_id)
    action = texts.NOTICE_ACTION.get(row.action, "公告")
    summary = texts.NOTICE.format(summary=short(row.summary), reason=short(row.reason))
    return FeedEntry(
        f"notice/{row.id}", texts.NOTICE_TITLE.format(action=action, title=row.title),
        row.created_at, path, department or texts.SITE,
        summary.removesuffix("；原因：").strip("；"), action,
    )
