"""The outbox worker: applies committed changes to the search index.

Each batch of pending :class:`~portal.core.models.OutboxEvent` rows is collapsed to the set of
(kind, id) it touches, plus rows whose documents show data of those (an enterprise's name is in
its penalties). Every row is re-read through its public selector: found → upsert, not found →
delete. Applying a batch twice gives the same index (idempotent), so a crash between the backend
write and marking the events done only repeats work.

If the backend fails, the batch's events get ``attempts + 1``, ``last_error`` and an
``available_at`` pushed back exponentially (2 s … 60 s); nothing is dropped, and after the
next success every postponed event is brought forward so the index catches up at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from portal.core.models import OutboxEvent
from search import specs
from search.backend import BackendUnavailable, SearchBackend
from search.records import IndexRecord, make_record, uid

log = logging.getLogger("portal.search")

BATCH = 500
MAX_BACKOFF = 60.0


def backoff_seconds(attempts: int) -> float:
    """Delay before attempt ``attempts + 1``: 2, 4, 8, … seconds, at most a minute."""
    return float(min(MAX_BACKOFF, 2 ** max(1, attempts)))


def utcnow() -> dt.datetime:
    # Scheduling time for the worker, not the public "today" (which tests may pin): outbox rows
    # are stamped by the database layer with real time, so they are compared with real time.
    return dt.datetime.now(dt.UTC)


@dataclass
class DrainReport:
    events: int = 0
    upserted: int = 0
    deleted: int = 0
    failed: int = 0
    error: str | None = None


async def _targets(events: list[OutboxEvent]) -> tuple[dict[str, set[int]], list[int]]:
    targets: dict[str, set[int]] = defaultdict(set)
    ignored: list[int] = []
    for event in events:
        kind = specs.canonical_kind(event.kind)
        if kind is None or not event.object_id.isdigit():
            ignored.append(event.id)
            continue
        targets[kind].add(int(event.object_id))
    for kind, ids in list(targets.items()):
        for other, found in (await specs.dependent_ids(kind, sorted(ids))).items():
            targets[other].update(found)
    return targets, ignored


async def apply(backend: SearchBackend, targets: dict[str, set[int]]) -> tuple[int, int]:
    """Bring these rows' documents up to date; returns (upserted, deleted)."""
    records: list[IndexRecord] = []
    gone: list[str] = []
    for kind, ids in targets.items():
        docs = await specs.documents_for_ids(kind, sorted(ids))
        found = {int(d["id"]) for d in docs}
        records.extend(make_record(d) for d in docs)
        gone.extend(uid(kind, i) for i in sorted(ids - found))
    await backend.upsert(records)
    await backend.delete(gone)
    return len(records), len(gone)


async def _postpone(events: list[OutboxEvent], error: str, now: dt.datetime) -> None:
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for event in events:
        by_attempts[event.attempts + 1].append(event.id)
    for attempts, ids in by_attempts.items():
        await OutboxEvent.filter(id__in=ids).update(
            attempts=attempts, last_error=error[:2000],
            available_at=now + dt.timedelta(seconds=backoff_seconds(attempts)),
        )


async def drain_once(backend: SearchBackend, batch: int = BATCH) -> DrainReport:
    """Process one batch of due events; never raises for a backend failure."""
    now = utcnow()
    events = await OutboxEvent.filter(
        processed_at__isnull=True, available_at__lte=now
    ).order_by("id").limit(batch)
    report = DrainReport(events=len(events))
    if not events:
        return report
    try:
        targets, ignored = await _targets(events)
        report.upserted, report.deleted = await apply(backend, targets)
    except Exception as error:  # backend down, or a row that cannot be projected: retry later
        if not isinstance(error, BackendUnavailable):
            log.exception("search indexer: batch failed")
        report.failed, report.error = len(events), str(error) or type(error).__name__
        await _postpone(events, report.error, now)
        return report
    done = utcnow()
    await OutboxEvent.filter(id__in=[e.id for e in events]).update(processed_at=done,
                                                                   last_error=None)
    if ignored:
        await OutboxEvent.filter(id__in=ignored).update(last_error="不属于搜索索引的类别，已忽略")
    # The backend works again: retry what was postponed now rather than after its backoff.
    await OutboxEvent.filter(
        processed_at__isnull=True, attempts__gt=0, available_at__gt=done
    ).update(available_at=done)
    return report


async def drain(backend: SearchBackend, batch: int = BATCH) -> DrainReport:
    """Process every due event, batch after batch, until none is due or a batch fails."""
    total = DrainReport()
    while True:
        report = await drain_once(backend, batch)
        total.events += report.events
        total.upserted += report.upserted
        total.deleted += report.deleted
        if report.failed:
            total.failed, total.error = report.failed, report.error
            return total
        if report.events < batch:
            return total


async def pending() -> int:
    return int(await OutboxEvent.filter(processed_at__isnull=True).count())
