"""The outbox indexer: consistency, retries with backoff, catch-up, time-driven changes."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import time
from pathlib import Path

import anyio
import pytest
from tortoise.transactions import in_transaction

from portal.core import clock
from portal.core.models import OutboxEvent
from portal.core.outbox import emit
from portal.core.publication import PublicationState
from portal.credit.models import Penalty
from portal.regulations.models import Regulation
from search import service
from search.backend import BackendUnavailable, SearchBackend
from search.embedded import EmbeddedBackend
from search.indexer import backoff_seconds, drain, drain_once, pending
from search.meili import MeiliBackend
from search.query import SearchRequest
from search.reindex import reindex
from search.worker import Worker, sweep
from tests import factories as f
from tests.search.conftest import Corpus, build_corpus

pytestmark = pytest.mark.anyio


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def uids(backend: SearchBackend, *segments: str) -> set[str]:
    return {h.uid for h in (await backend.search(SearchRequest(segments, limit=50))).hits}


async def withdraw(regulation: Regulation) -> None:
    """A staff withdrawal as services do it: the change and its outbox row in one transaction."""
    async with in_transaction() as conn:
        regulation.publication_state = PublicationState.WITHDRAWN
        await regulation.save(using_db=conn, update_fields=["publication_state"])
        await emit(conn, "regulation", regulation.id)


async def test_writes_succeed_and_events_wait_while_meilisearch_is_down(
    db_clean: None, today: None
) -> None:
    down = MeiliBackend(f"http://127.0.0.1:{closed_port()}", None, "portal", timeout=2)
    try:
        with pytest.raises(BackendUnavailable):
            await down.ensure_ready()
        regulation = await f.regulation("关于开展食品安全专项检查的通知")
        async with in_transaction() as conn:
            await emit(conn, "regulation", regulation.id)
        await withdraw(regulation)  # the write itself succeeds with the backend down
        assert (await Regulation.get(id=regulation.id)).publication_state == "withdrawn"
        before = dt.datetime.now(dt.UTC)
        report = await drain_once(down)
        assert report.failed == 2 and report.error
        events = await OutboxEvent.all()
        assert all(e.processed_at is None and e.attempts == 1 for e in events)
        assert all(e.last_error and "Meilisearch" in e.last_error for e in events)
        assert all(e.available_at >= before + dt.timedelta(seconds=1.5) for e in events)
        await OutboxEvent.all().update(available_at=before)  # due again: second failure
        await drain_once(down)
        assert {e.attempts for e in await OutboxEvent.all()} == {2}
        assert backoff_seconds(2) == 4 and backoff_seconds(30) == 60
    finally:
        await down.close()


async def test_index_catches_up_when_the_embedded_index_returns(
    db_clean: None, today: None, tmp_path: Path
) -> None:
    blocker = tmp_path / "search"
    blocker.write_text("a file where the index directory should be")
    backend = EmbeddedBackend(blocker, writer_heap=20_000_000)
    corpus = await build_corpus()
    async with in_transaction() as conn:
        for kind, key in (("regulation", "regulation"), ("regulation", "traditional"),
                          ("penalty", "penalty")):
            await emit(conn, kind, corpus.ids[key])
        await emit(conn, "enterprise", corpus.hualian.id)
    report = await drain_once(backend)
    assert report.failed == 4
    assert await pending() == 4
    blocker.unlink()  # the index directory can be created again
    await anyio.sleep(backoff_seconds(1) + 0.2)
    report = await drain(backend)
    assert report.failed == 0 and report.events == 4
    assert await pending() == 0
    found = await uids(backend, "华联")
    assert f"penalty-{corpus.ids['penalty']}" in found
    assert f"enterprise-{corpus.hualian.id}" in found
    assert await uids(backend, "应急管理") == {f"regulation-{corpus.ids['traditional']}"}
    await backend.close()


async def test_unpublishing_leaves_results_within_seconds(embedded: SearchBackend,
                                                          today: None) -> None:
    corpus = await build_corpus()
    await reindex(embedded)
    uid = f"regulation-{corpus.ids['regulation']}"
    assert uid in await uids(embedded, "事中事后")
    worker = Worker(embedded, poll=0.1)
    task = asyncio.ensure_future(worker.run())
    try:
        started = time.monotonic()
        await withdraw(await Regulation.get(id=corpus.ids["regulation"]))
        while uid in await uids(embedded, "事中事后"):
            assert time.monotonic() - started < 5, "still searchable after 5 s"
            await anyio.sleep(0.05)
        # The row can leave the index through an earlier event of the same round (the worker
        # re-reads rows); cancelling then would interrupt the round, so let it finish.
        while await pending():
            assert time.monotonic() - started < 10, "outbox not drained after 10 s"
            await anyio.sleep(0.05)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert await pending() == 0


async def test_renaming_an_enterprise_updates_its_records(embedded: SearchBackend,
                                                          today: None) -> None:
    corpus = await build_corpus()
    await reindex(embedded)
    async with in_transaction() as conn:
        corpus.hualian.name = "义乌市新世纪华联商贸有限公司"
        await corpus.hualian.save(using_db=conn, update_fields=["name"])
        await emit(conn, "enterprise", corpus.hualian.id)
    report = await drain(embedded)
    assert report.upserted == 3  # the enterprise, its penalty and its inspection result
    kinds = {h.kind for h in (await service.search("新世纪")).hits}
    assert kinds == {"enterprise", "penalty", "inspection_result"}


async def test_applying_events_twice_gives_the_same_index(embedded: SearchBackend,
                                                          today: None) -> None:
    corpus = await build_corpus()
    await reindex(embedded)
    count = await embedded.count()
    for _ in range(2):
        async with in_transaction() as conn:
            await emit(conn, "penalty", corpus.ids["penalty"])
            await emit(conn, "inspection_item", corpus.ids["item"])
            await emit(conn, "sampling_task", 1)  # not indexed: acknowledged and ignored
        await drain(embedded)
        assert await embedded.count() == count
    assert await pending() == 0


async def test_window_end_and_go_live_are_swept(embedded: SearchBackend, today: None) -> None:
    corpus = await build_corpus()
    scheduled = await f.regulation("定时发布的监管通告")
    scheduled.published_at = clock.now() + dt.timedelta(days=2)
    await scheduled.save()
    await reindex(embedded)
    assert await uids(embedded, "定时发布") == set()
    penalty = await Penalty.get(id=corpus.ids["penalty"])
    assert penalty.displayed_until is not None
    after_window = penalty.displayed_until + dt.timedelta(days=1)
    with clock.frozen(after_window):
        # Before any sweep, the hit is already hidden: every hit is re-checked when searched.
        assert (await service.search("电热水壶")).hits == []
        assert await sweep(clock.now() - dt.timedelta(days=1000), clock.now()) >= 2
        await drain(embedded)
    assert f"penalty-{penalty.id}" not in await uids(embedded, "电热水壶")
    assert await uids(embedded, "定时发布") == {f"regulation-{scheduled.id}"}


async def test_worker_builds_an_empty_index_on_start(embedded: SearchBackend,
                                                     today: None) -> None:
    await build_corpus()
    assert await embedded.count() == 0
    worker = Worker(embedded)
    await worker.step()
    assert await embedded.count() >= 10
    assert (await service.search("华联商贸")).hits


async def test_corpus_fixture_is_indexed_once(corpus: Corpus, backend: SearchBackend) -> None:
    assert await backend.count() == 13


async def test_a_rebuild_in_worker_processes_indexes_the_same_documents(
    db_clean: None, today: None, tmp_path: Path
) -> None:
    from tests.conftest import DB_URL

    await build_corpus()
    everything = SearchRequest((), limit=100)
    # Workers first: they are forked before any tantivy thread exists in this process.
    backends = [EmbeddedBackend(tmp_path / "workers"), EmbeddedBackend(tmp_path / "in-process")]
    peaks: dict[int, int] = {}
    try:
        totals = await reindex(backends[0], chunk=3, workers=2, db_url=DB_URL, pool_peaks=peaks)
        await reindex(backends[1], chunk=3)
        in_workers, in_process = [{h.uid for h in (await b.search(everything)).hits} for b in backends]
    finally:
        for backend in backends:
            await backend.close()
    assert in_workers == in_process and len(in_process) > 10
    assert sum(t.documents for t in totals) == len(in_process)
    assert len(peaks) == 2  # both workers took id ranges (chunks of 3 ids)
