"""The public feeds: newest public rows and notices, read only through the public selectors.

Every feed reads each kind's newest rows through that kind's public selector
(``portal/<domain>/queries.py``) and notices through :mod:`portal.core.notices`, so nothing
unpublished, withdrawn, expired or not yet live can appear. A feed runs a fixed number of
queries whatever its length: one per kind, one for blacklist removals, one for notices and two
to name the notices' departments and enterprises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from portal.channels.queries import public_channels
from portal.core import clock, notices
from portal.core.errors import NotFound
from portal.core.models import NoticeAction, PublicNotice
from portal.credit.documents import LIST_ENTRY_KIND, LIST_KIND_LABELS
from portal.credit.models import ListEntry, ListKind
from portal.credit.queries import public_list_entries, public_penalties
from portal.enterprises.models import Enterprise
from portal.enterprises.queries import enterprise_by_code, enterprises_by_ids
from portal.feeds import entries, texts
from portal.feeds.entries import FeedEntry
from portal.inspections.queries import public_results
from portal.reference.queries import departments_by_ids
from portal.regulations.queries import public_regulations
from portal.sampling.queries import public_items, public_plans

MAX_ID = 2**31 - 1
EMPTY_FEED_UPDATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NEWEST = ["-published_at", "-id"]

# A selector for a kind's public rows: (department_id, enterprise_id) -> queryset, or None when
# the kind has no enterprise (it then has nothing in an enterprise's feed).
Select = Callable[[int | None, int | None], QuerySet[Any] | None]


@dataclass(frozen=True)
class Kind:
    slug: str  # feed name: /feeds/<slug>.atom
    kind: str  # the kind's name in notices and the outbox
    label: str
    page: str  # the public list page that announces this feed
    select: Select
    related: tuple[str, ...]
    entry: Callable[[Any], FeedEntry]


def _no_enterprise(select: Callable[[int | None], QuerySet[Any]]) -> Select:
    return lambda dept, ent: None if ent is not None else select(dept)


KINDS: tuple[Kind, ...] = (
    Kind("regulations", "regulation", "规章制度", "/regulations",
         _no_enterprise(lambda d: public_regulations(department_id=d)), ("department",),
         entries.regulation),
    Kind("inspection-items", "inspection_item", "抽查事项", "/inspection-items",
         _no_enterprise(lambda d: public_items(department_id=d)), ("department",), entries.item),
    Kind("sampling-plans", "sampling_plan", "抽查计划", "/sampling-plans",
         _no_enterprise(lambda d: public_plans(department_id=d)), ("lead_department",),
         entries.plan),
    Kind("inspection-results", "inspection_result", "抽查检查结果", "/inspection-results",
         lambda d, e: public_results(department_id=d, enterprise_id=e),
         ("enterprise", "department"), entries.result),
    Kind("penalties", "penalty", "行政处罚", "/penalties",
         lambda d, e: public_penalties(department_id=d, enterprise_id=e),
         ("enterprise", "department"), entries.penalty),
    Kind("lists", LIST_ENTRY_KIND, "经营异常名录与严重违法失信名单", "/lists/abnormal",
         lambda d, e: public_list_entries(department_id=d, enterprise_id=e),
         ("enterprise", "department"), entries.listing),
    Kind("channels", "complaint_channel", "投诉举报渠道", "/channels",
         _no_enterprise(lambda d: public_channels(department_id=d)), ("department",),
         entries.channel),
)
BY_SLUG = {k.slug: k for k in KINDS}
# The two blacklists have their own listing/delisting feeds (/feeds/lists/<slug>.atom).
FEED_KINDS = tuple(k for k in KINDS if k.kind != LIST_ENTRY_KIND)


@dataclass(frozen=True)
class Feed:
    key: str  # stable feed identity, e.g. "kind/penalties", "enterprise/<uscc>"
    title: str
    subtitle: str
    path: str  # this feed's own path
    page: str  # the public page it belongs to
    entries: list[FeedEntry]

    @property
    def updated(self) -> dt.datetime:
        return max((e.updated for e in self.entries), default=EMPTY_FEED_UPDATED)


async def _rows(kind: Kind, qs: QuerySet[Any] | None, limit: int) -> list[FeedEntry]:
    if qs is None:
        return []
    found = await qs.select_related(*kind.related).order_by(*NEWEST).limit(limit)
    return [kind.entry(row) for row in found]


async def _removals(qs: QuerySet[ListEntry], limit: int) -> list[FeedEntry]:
    """Removals from a blacklist that are public now, unless a delisting notice says it already."""
    found = await qs.filter(removed_on__isnull=False, removed_on__lte=clock.today()).select_related(
        "enterprise", "department").order_by("-removed_on", "-id").limit(limit)
    noticed: set[int] = set()
    if found:
        rows: list[Any] = await PublicNotice.filter(
            kind=LIST_ENTRY_KIND, action=NoticeAction.DELISTED, object_id__in=[r.id for r in found]
        ).values_list("object_id", flat=True)
        noticed = {int(i) for i in rows}
    return [entries.removal(r) for r in found if r.id not in noticed]


async def _notice_entries(found: Sequence[PublicNotice]) -> list[FeedEntry]:
    dept_ids = sorted({n.department_id for n in found if n.department_id is not None})
    ent_ids = sorted({n.enterprise_id for n in found if n.enterprise_id is not None})
    names = {d.id: d.name for d in await departments_by_ids(dept_ids) if d is not None}
    firms: dict[int, Enterprise] = {
        e.id: e for e in (await enterprises_by_ids(ent_ids) if ent_ids else []) if e is not None
    }
    return [
        entries.notice(
            n, names.get(n.department_id) if n.department_id else None,
            firms.get(n.enterprise_id) if n.enterprise_id else None,
        )
        for n in found
    ]


def _newest(parts: list[FeedEntry], limit: int) -> list[FeedEntry]:
    return sorted(parts, key=lambda e: (e.updated, e.key), reverse=True)[:limit]


async def _collect(kinds: Sequence[Kind], limit: int, *, department_id: int | None = None,
                   enterprise_id: int | None = None, notices_kind: str | None = None
                   ) -> list[FeedEntry]:
    found: list[FeedEntry] = []
    for kind in kinds:
        qs = kind.select(department_id, enterprise_id)
        found += await _rows(kind, qs, limit)
        if kind.kind == LIST_ENTRY_KIND and qs is not None:
            found += await _removals(qs, limit)
    notes = await notices.recent(kind=notices_kind, department_id=department_id,
                                 enterprise_id=enterprise_id, limit=limit)
    found += await _notice_entries(notes)
    return _newest(found, limit)


async def overall(limit: int) -> Feed:
    """Everything newly public, and every notice."""
    return Feed("all", texts.OVERALL_TITLE, texts.OVERALL_SUBTITLE, "/feeds/all.atom", "/",
                await _collect(KINDS, limit))


async def for_kind(slug: str, limit: int) -> Feed:
    kind = BY_SLUG.get(slug)
    if kind is None or kind.kind == LIST_ENTRY_KIND:
        raise NotFound(texts.NO_FEED)
    return Feed(f"kind/{slug}", texts.KIND_TITLE.format(label=kind.label),
                texts.KIND_SUBTITLE.format(label=kind.label), f"/feeds/{slug}.atom", kind.page,
                await _collect([kind], limit, notices_kind=kind.kind))


async def for_department(department_id: int, limit: int) -> Feed:
    """Raises NotFound for an unknown department (or an id no database column could hold)."""
    in_range = 0 < department_id <= MAX_ID
    (department,) = await departments_by_ids([department_id]) if in_range else (None,)
    if department is None:
        raise NotFound(texts.NO_DEPARTMENT)
    return Feed(f"department/{department.id}", texts.DEPARTMENT_TITLE.format(name=department.name),
                texts.DEPARTMENT_SUBTITLE.format(name=department.name),
                f"/feeds/departments/{department.id}.atom", f"/penalties?department={department.id}",
                await _collect(KINDS, limit, department_id=department.id))


async def for_enterprise(code: str, limit: int) -> Feed:
    """Raises InvalidInput for a malformed credit code, NotFound for an unknown one."""
    firm = await enterprise_by_code(code)
    return Feed(f"enterprise/{firm.uscc}", texts.ENTERPRISE_TITLE.format(name=firm.name),
                texts.ENTERPRISE_SUBTITLE.format(uscc=firm.uscc),
                f"/feeds/enterprises/{firm.uscc}.atom", f"/enterprises/{firm.uscc}",
                await _collect(KINDS, limit, enterprise_id=firm.id))


async def for_list(list_kind: ListKind, slug: str, limit: int) -> Feed:
    """One blacklist: listings, removals, and notices (withdrawal, repair, delisting, expiry)."""
    label = LIST_KIND_LABELS[list_kind]
    qs = public_list_entries(kind=list_kind)
    kind = BY_SLUG["lists"]
    found = await _rows(kind, qs, limit) + await _removals(qs, limit)
    ids = Subquery(ListEntry.filter(kind=list_kind).values("id"))
    found += await _notice_entries(await notices.recent_about(LIST_ENTRY_KIND, ids, limit=limit))
    return Feed(f"list/{slug}", texts.LIST_TITLE.format(label=label),
                texts.LIST_SUBTITLE.format(label=label), f"/feeds/lists/{slug}.atom",
                f"/lists/{slug}", _newest(found, limit))
