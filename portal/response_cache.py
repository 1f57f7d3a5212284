"""An in-process cache of whole public answers, cleared whenever public content changes.

Why: a public answer costs 4–16 ms of CPU (GraphQL execution, 6–8 SQL statements, a template)
and the same enterprise page or filtered list is asked for again and again; public data only
changes when something is published, withdrawn or leaves its display window. Caching answers,
not work, is the only way near the throughput of a route returning precomputed bytes
(docs/benchmarks.md §6, recommendation 8).

Safety rules, in order:

- Only responses the application marked ``Cache-Control: public`` are stored (public pages built
  by ``public_site.pages`` and successful GraphQL *queries* on the public schema), never one that
  sets a cookie, never an error, never a large one.
- Requests carrying ``Authorization`` or ``Cookie`` are never answered from the cache (an
  enterprise user or a form with a CSRF cookie gets a fresh, personal answer).
- The key holds method, path, query string, body, the negotiated encoding and the *epoch*: the
  newest outbox event id (every public change writes one in its transaction; a poller in the
  lifespan reads it every second) and today's date (display windows end at midnight). A new epoch
  empties the cache. Entries also expire after ``ttl`` seconds, which bounds how late a scheduled
  go-live (no event) can appear.
- Bounded: at most ``max_entries`` answers and ``max_bytes`` bytes (least recently used go first).

Pure ASGI, no framework: it sits outermost and replays the stored start message and body.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
MAX_BODY = 20_000  # request bodies above this are not cached (the API refuses them anyway)
MAX_ANSWER = 512_000


@dataclass
class Entry:
    start: Message
    body: bytes
    stored_at: float


class AnswerCache:
    """The stored answers and the epoch; shared by the middleware and the lifespan's poller."""

    def __init__(self, *, ttl: float, max_entries: int = 4000, max_bytes: int = 64_000_000) -> None:
        self.ttl, self.max_entries, self.max_bytes = ttl, max_entries, max_bytes
        self.entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self.size = 0
        self.epoch: Hashable = None
        self.hits = self.misses = 0

    def set_epoch(self, epoch: Hashable) -> None:
        """A new epoch means public content changed: forget every answer."""
        if epoch != self.epoch:
            self.epoch = epoch
            self.clear()

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0

    def get(self, key: Hashable) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None or time.monotonic() - entry.stored_at > self.ttl:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)


class ResponseCacheMiddleware:
    def __init__(self, app: Any, cache: AnswerCache | None) -> None:
        self.app, self.cache = app, cache

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        cache = self.cache
        if cache is None or cache.epoch is None or not _eligible(scope):
            await self.app(scope, receive, send)  # no epoch yet: nothing can be trusted
            return
        body, more = b"", True
        if scope["method"] == "POST":
            while more and len(body) <= MAX_BODY:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
            if more or len(body) > MAX_BODY:
                await self.app(scope, _replay(body, more, receive), send)
                return
        key = (scope["method"], scope["path"], scope.get("query_string", b""), body,
               _wants_gzip(scope), cache.epoch)
        entry = cache.get(key)
        if entry is not None:
            await send(entry.start)
            await send({"type": "http.response.body", "body": entry.body})
            return
        await self._fill(cache, key, scope, _replay(body, False, receive), send)

    async def _fill(self, cache: AnswerCache, key: Hashable, scope: Scope, receive: Any,
                    send: Any) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True
        epoch = cache.epoch

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message.get("status") == 200 and _public(message.get("headers", []))
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(map(len, chunks)) <= MAX_ANSWER
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start is not None and epoch == cache.epoch:  # not across a change
            cache.put(key, Entry(start, b"".join(chunks), time.monotonic()))


def _eligible(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
        return False
    return not any(name in (b"authorization", b"cookie") for name, _ in scope["headers"])


def _wants_gzip(scope: Scope) -> bool:
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])


def _public(headers: list[tuple[bytes, bytes]]) -> bool:
    names = {name.lower(): value for name, value in headers}
    return b"set-cookie" not in names and b"public" in names.get(b"cache-control", b"")


def _replay(body: bytes, more: bool, receive: Any) -> Any:
    """Give the app the body already read, then whatever is still to come."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()  # type: ignore[no-any-return]

    return replayed
