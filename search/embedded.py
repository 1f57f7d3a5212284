"""The embedded backend: a tantivy index in a directory under ``var/``.

One process at a time may write (tantivy's writer lock); any number may search. Work runs in
worker threads so the event loop keeps serving. Any failure to open, write or commit is a
:class:`BackendUnavailable`: the outbox keeps the events and the indexer retries later.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import tantivy

from search import text
from search.backend import FACET_SIZE, FACETS, BackendUnavailable, RawHit, RawResults
from search.query import SearchRequest
from search.records import IndexRecord
from search.tantivy_query import (
    NGRAM,
    VERSION,
    QueryBuilder,
    build_schema,
    compact,
    ngram_analyzer,
)

# Above this many matches a query is not ranked by score over every match (see ``_broad``).
BROAD_MATCHES = 50_000
COMMIT_EVERY = 250_000  # documents between commits during a rebuild (writer memory)
_OPTIONAL = ("region", "department", "year", "result_code", "list_kind")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def to_json(record: IndexRecord, stamp: int) -> str:
    """The tantivy document as JSON (``IndexWriter.add_json``: parsed in Rust, no GIL work)."""
    payload = json.dumps({"k": record.kind, "i": record.id, "t": record.title, "b": record.body,
                          "l": record.link, "d": record.date}, ensure_ascii=False)
    doc: dict[str, object] = {
        "uid": record.uid, "stamp": stamp, "kind": record.kind,
        "region_path": record.region_path,
        "codes": record.codes, "pinyin": record.pinyin, "pinyin_head": record.pinyin_head,
        "title_exact": compact(record.title_folded), "title_ng": record.title_folded,
        "text_ng": record.text_folded, "words": record.words, "date_ord": record.date_ord,
        "payload": base64.b64encode(payload.encode()).decode(),
    }
    for name in _OPTIONAL:
        value = getattr(record, name)
        if value is not None:
            doc[name] = value
    return json.dumps(doc, ensure_ascii=False)


def _count(searcher: tantivy.Searcher, matches: tantivy.Query, with_facets: bool
           ) -> tuple[int, dict[str, dict[str, int]]]:
    """The number of matches, and the facet counts when asked for.

    With facets the aggregation visits every match anyway, and its "kind" counts add up to the
    total (every document has one kind), so no separate counting pass is needed.
    """
    if not with_facets:
        return int(searcher.search(matches, 1, count=True).count or 0), {}  # type: ignore[attr-defined]
    spec = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACETS}
    aggregated: dict[str, Any] = searcher.aggregate(matches, spec)
    facets: dict[str, dict[str, int]] = {}
    for name in FACETS:
        buckets = aggregated.get(name, {}).get("buckets", [])
        facets[name] = {str(b["key"]): int(b["doc_count"]) for b in buckets}
    total = sum(facets["kind"].values()) + int(aggregated.get("kind", {}).get("sum_other_doc_count", 0))
    return total, facets if total else {}


def _title_bound(searcher: tantivy.Searcher, segments: tuple[str, ...]) -> int | None:
    """At most how many titles can hold every segment: the rarest title n-gram's document count
    (deleted documents included, so an upper bound). None when a segment may match through
    pinyin instead (no cheap bound). Saves counting a title set that is certainly too large."""
    if any(text.is_ascii_word(s) and len(s) >= 2 for s in segments):
        return None
    return min(searcher.doc_freq("title_ng", gram) for s in segments for gram in text.grams(s))


def _newest(searcher: tantivy.Searcher, query: tantivy.Query, offset: int, limit: int) -> list[Any]:
    result = searcher.search(query, limit, count=False, offset=offset,
                             order_by_field="date_ord", order=tantivy.Order.Desc)
    return [address for _, address in result.hits]


class IndexLocked(BackendUnavailable):
    """Another process holds the index writer (tantivy admits one writing process)."""


def _hit(payload: bytes) -> RawHit:
    p = json.loads(payload)
    return RawHit(uid=f"{p['k']}-{p['i']}", kind=p["k"], id=p["i"], title=p["t"], body=p["b"],
                  link=p["l"], date=p["d"])


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, directory: Path, *, writer_heap: int = 128_000_000,
                 writer_threads: int = 2) -> None:
        self.path = directory / f"tantivy-v{VERSION}"
        self.writer_heap = writer_heap
        self.writer_threads = writer_threads
        self.schema = build_schema()
        self.queries = QueryBuilder(self.schema)
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()

    # -- opening -----------------------------------------------------------------------------
    def _open(self) -> tantivy.Index:
        if self._index is None:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            except (OSError, ValueError) as error:
                raise BackendUnavailable(f"无法打开搜索索引目录 {self.path}：{error}") from error
            index.register_tokenizer(NGRAM, ngram_analyzer())
            self._index = index
        return self._index

    def _writer_or_fail(self) -> tantivy.IndexWriter:
        index = self._open()
        if self._writer is None:
            try:
                threads = max(1, min(self.writer_threads, self.writer_heap // 15_000_000))
                self._writer = index.writer(self.writer_heap, threads)
            except (OSError, ValueError) as error:
                if "LockBusy" in str(error):
                    raise IndexLocked(
                        f"搜索索引 {self.path} 正由另一个进程写入（例如正在运行的 portal serve 的"
                        "内置索引任务）：请先停止该进程再重建，或让它自行完成索引。"
                    ) from error
                raise BackendUnavailable(f"搜索索引暂不可写：{error}") from error
        return self._writer

    async def ensure_ready(self) -> None:
        await anyio.to_thread.run_sync(self._open)

    async def writable(self) -> bool:
        """Take the writer lock if free; False while another process holds it."""

        def claim() -> bool:
            with self._lock:
                try:
                    self._writer_or_fail()
                except IndexLocked:
                    return False
                return True

        return await anyio.to_thread.run_sync(claim)

    # -- writing -----------------------------------------------------------------------------
    def _apply(self, records: Sequence[IndexRecord], uids: Sequence[str]) -> None:
        with self._lock:
            writer = self._writer_or_fail()
            stamp = now_ms()
            try:
                for uid in uids:
                    writer.delete_documents_by_term("uid", uid)
                for record in records:
                    writer.delete_documents_by_term("uid", record.uid)
                    writer.add_json(to_json(record, stamp))
                writer.commit()
            except (OSError, ValueError) as error:
                self._drop_writer()
                raise BackendUnavailable(f"写入搜索索引失败：{error}") from error
            self._open().reload()

    def _drop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.rollback()
            except (OSError, ValueError):
                pass

    async def upsert(self, records: Sequence[IndexRecord]) -> None:
        if records:
            await anyio.to_thread.run_sync(self._apply, records, ())

    async def delete(self, uids: Sequence[str]) -> None:
        if uids:
            await anyio.to_thread.run_sync(self._apply, (), uids)

    def _stage(self, records: Sequence[IndexRecord], commit: bool) -> None:
        with self._lock:
            writer = self._writer_or_fail()
            stamp = now_ms()
            for record in records:
                writer.add_json(to_json(record, stamp))
            if commit:
                writer.commit()

    def _finish(self, kind: str, started: int) -> None:
        """Drop the kind's documents written before the rebuild began (old copies, and rows no
        longer public), then commit."""
        stale = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, self.queries.term("kind", kind)),
            (tantivy.Occur.Must, tantivy.Query.range_query(
                self.schema, "stamp", tantivy.FieldType.Integer, upper_bound=started,
                include_upper=False)),
        ])
        with self._lock:
            writer = self._writer_or_fail()
            writer.delete_documents_by_query(stale)
            writer.commit()
            self._open().reload()

    async def rebuild(self, kind: str, batches: AsyncIterator[list[IndexRecord]]) -> None:
        """Replace the kind's documents without a gap and with bounded writer memory.

        New documents are added next to the old ones and a commit every ``COMMIT_EVERY``
        documents bounds the writer's memory; at the end every document of the kind written
        before the rebuild began is deleted in the final commit. While a rebuild runs, a search
        may meet a record twice (old and new copy): the service drops the duplicate. Staging
        batch N (in a thread) overlaps reading batch N + 1.
        """
        started = now_ms() + 1  # older documents are stamped < started, new ones ≥ started
        await asyncio.sleep(0.002)
        staging: asyncio.Task[None] | None = None
        since_commit = 0
        try:
            async for batch in batches:
                if staging is not None:
                    await staging
                since_commit += len(batch)
                commit = since_commit >= COMMIT_EVERY
                since_commit = 0 if commit else since_commit
                staging = asyncio.ensure_future(
                    anyio.to_thread.run_sync(self._stage, batch, commit))
            if staging is not None:
                await staging
        except BaseException:
            if staging is not None and not staging.done():
                await asyncio.wait([staging])
            await anyio.to_thread.run_sync(self._rollback_locked)
            raise
        await anyio.to_thread.run_sync(self._finish, kind, started)

    def _rollback_locked(self) -> None:
        with self._lock:
            self._drop_writer()

    # -- reading -----------------------------------------------------------------------------
    def _search(self, request: SearchRequest) -> RawResults:
        searcher = self._open().searcher()
        matches = self.queries.build(request, "match")
        total, facets = _count(searcher, matches, request.facets)
        if not total:
            return RawResults(total=0, hits=[], facets={})
        if request.newest_first or not request.segments:
            found = _newest(searcher, matches, request.offset, request.limit)
        elif total <= BROAD_MATCHES:
            ranked = self.queries.build(request)
            found = [a for _, a in searcher.search(ranked, request.limit, count=False,
                                                   offset=request.offset).hits]
        else:
            found = self._broad(searcher, request, matches)
        hits = [_hit(searcher.doc(address)["payload"][0]) for address in found]
        return RawResults(total=total, hits=hits, facets=facets)

    def _broad(self, searcher: tantivy.Searcher, request: SearchRequest,
               matches: tantivy.Query) -> list[Any]:
        """Order for a query with more than ``BROAD_MATCHES`` matches.

        Scoring every match (BM25 over n-grams) is what made such queries slow (~100 ms for
        a phrase found in 340,000 results). Instead: the documents whose title has every
        segment, ranked as usual, then every other match, newest first. When the titles alone
        are that many, everything is newest first.
        """
        bound = _title_bound(searcher, request.segments)
        if bound is not None and bound > BROAD_MATCHES:  # e.g. 检查: in 2.8 M result titles
            return _newest(searcher, matches, request.offset, request.limit)
        titled = self.queries.build(request, "title")
        in_title = int(searcher.search(tantivy.Query.const_score_query(titled, 1.0), 1,
                                       count=True).count or 0)  # type: ignore[attr-defined]
        if in_title > BROAD_MATCHES:
            return _newest(searcher, matches, request.offset, request.limit)
        found: list[Any] = []
        if request.offset < in_title:
            found = [a for _, a in searcher.search(titled, request.limit, count=False,
                                                   offset=request.offset).hits]
        if len(found) < request.limit:
            rest = self.queries.without(matches, titled)
            found += _newest(searcher, rest, max(0, request.offset - in_title),
                             request.limit - len(found))
        return found

    async def search(self, request: SearchRequest) -> RawResults:
        try:
            return await anyio.to_thread.run_sync(self._search, request)
        except (OSError, ValueError) as error:
            raise BackendUnavailable(f"搜索索引暂不可用：{error}") from error

    async def count(self) -> int:
        def run() -> int:
            return int(self._open().searcher().num_docs)

        return await anyio.to_thread.run_sync(run)

    async def close(self) -> None:
        def run() -> None:
            with self._lock:
                writer, self._writer = self._writer, None
                if writer is not None:
                    writer.wait_merging_threads()
                self._index = None

        await anyio.to_thread.run_sync(run)
