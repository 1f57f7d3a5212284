"""What the sitemaps list: every public record that has a page, with when it last changed.

Records are read only through their kind's public selector, so nothing unpublished, not yet
live, withdrawn, expired or repaired is listed. Each kind is split by key range into sitemaps
of at most :data:`URLS_PER_SITEMAP` keys (sitemaps.org allows 50,000 URLs per file): sitemap
``n`` holds the keys ``(n-1)·50,000 + 1 … n·50,000``, so a sitemap's address never changes
its contents' range, and only the ranges that hold a public record are listed in the index.

``lastmod`` is the later of the record's publication and its newest public notice (a
correction changes the page). An enterprise is listed when it has a public result, penalty or
list entry; its ``lastmod`` is the latest of those and of notices about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from portal.core.models import PublicNotice
from portal.core.pk import MAX_PK
from portal.credit.queries import public_list_entries, public_penalties
from portal.enterprises.queries import public_enterprises
from portal.inspections.queries import public_results
from portal.regulations.queries import public_regulations
from portal.sampling.queries import public_plans

URLS_PER_SITEMAP = 50_000
BATCH = 5000  # keys read per query while writing one sitemap
ENTERPRISES = "enterprises"


@dataclass(frozen=True)
class Entry:
    key: int | str  # the record id, or an enterprise's credit code
    lastmod: dt.datetime | None


@dataclass(frozen=True)
class RecordKind:
    select: Callable[[], QuerySet[Any]]
    notice_kind: str  # PublicNotice.kind of this kind's records


RECORD_KINDS: dict[str, RecordKind] = {
    "regulations": RecordKind(public_regulations, "regulation"),
    "sampling-plans": RecordKind(public_plans, "sampling_plan"),
    "penalties": RecordKind(public_penalties, "penalty"),
    "list-entries": RecordKind(public_list_entries, "list_entry"),
}
KINDS = (*RECORD_KINDS, ENTERPRISES)
# The enterprise page shows these kinds' public records (一企一档).
ENTERPRISE_RECORDS: tuple[Callable[[], QuerySet[Any]], ...] = (
    public_results, public_penalties, public_list_entries)


def key_range(number: int) -> tuple[int, int]:
    """Sitemap ``number`` covers keys ``low < key <= high`` (never past the key column's range:
    PostgreSQL refuses to compare an integer column with a larger number)."""
    return (number - 1) * URLS_PER_SITEMAP, min(number * URLS_PER_SITEMAP, MAX_PK)


async def sitemap_numbers(kind: str) -> list[int]:
    """The numbers of ``kind``'s sitemaps that hold a record: per sitemap one query per source
    (the first key past the previous range), and one more that finds nothing."""
    if kind == ENTERPRISES:
        sources = [(select(), "enterprise_id") for select in ENTERPRISE_RECORDS]
    else:
        sources = [(RECORD_KINDS[kind].select(), "id")]
    numbers: list[int] = []
    after = 0
    while after < MAX_PK:
        firsts = [await _first_after(query, key, after) for query, key in sources]
        found = [k for k in firsts if k is not None]
        if not found:
            return numbers
        numbers.append((min(found) - 1) // URLS_PER_SITEMAP + 1)
        after = numbers[-1] * URLS_PER_SITEMAP
    return numbers


async def entries(kind: str, number: int) -> AsyncIterator[list[Entry]]:
    """Sitemap ``number`` of ``kind``, in key order, :data:`BATCH` keys at a time."""
    low, high = key_range(number)
    if kind == ENTERPRISES:
        async for batch in _enterprises(low, high):
            yield batch
        return
    record = RECORD_KINDS[kind]
    while True:
        rows = await (record.select().filter(id__gt=low, id__lte=high).order_by("id")
                      .limit(BATCH).values_list("id", "published_at"))
        if not rows:
            return
        ids = [int(r[0]) for r in rows]
        notices = await PublicNotice.filter(kind=record.notice_kind, object_id__in=ids
                                            ).values_list("object_id", "created_at")
        changed = _latest([*rows, *notices])
        yield [Entry(i, changed.get(i)) for i in ids]
        low = ids[-1]


async def _enterprises(low: int, high: int) -> AsyncIterator[list[Entry]]:
    """Enterprises with a public record, a slice of :data:`BATCH` ids at a time."""
    for start in range(low, high, BATCH):
        end = min(start + BATCH, high)
        pairs: list[tuple[Any, Any]] = []
        for select in ENTERPRISE_RECORDS:
            pairs += await select().filter(enterprise_id__gt=start, enterprise_id__lte=end
                                           ).values_list("enterprise_id", "published_at")
        if not pairs:
            continue
        ids = sorted({int(p[0]) for p in pairs})
        pairs += await PublicNotice.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "created_at")
        changed = _latest(pairs)
        codes = dict(await public_enterprises().filter(id__in=ids).order_by("id")
                     .values_list("id", "uscc"))
        yield [Entry(codes[i], changed.get(i)) for i in ids if i in codes]


def _latest(pairs: Iterable[tuple[Any, Any]]) -> dict[int, dt.datetime]:
    """Key → the latest moment among its (key, moment) pairs."""
    latest: dict[int, dt.datetime] = {}
    for key, moment in pairs:
        if moment is not None and (int(key) not in latest or moment > latest[int(key)]):
            latest[int(key)] = moment
    return latest


async def _first_after(query: QuerySet[Any], key: str, after: int) -> int | None:
    following = query.filter(**{f"{key}__gt": after}).order_by(key).limit(1)
    found: list[Any] = await following.values_list(key, flat=True)
    return int(found[0]) if found else None

