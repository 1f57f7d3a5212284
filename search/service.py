"""One search: parse the query, ask the backend, keep only what is public now, highlight.

Every hit is re-checked against its kind's public selector, one query per kind on the page,
so a record that stopped being public (withdrawn, display window over) never shows even if
the index has not caught up yet. A credit code or registration number goes straight to its
enterprise (``exact``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from portal.config import get_settings
from portal.core.errors import DomainError, InvalidInput, NotFound
from portal.core.paging import clamp
from portal.enterprises.queries import enterprise_by_code
from search import facets as facet_labels
from search import highlight, pinyin, specs, text
from search.backend import BackendUnavailable, RawHit, SearchBackend
from search.query import (
    MAX_OFFSET,
    Filters,
    SearchRequest,
    decode_cursor,
    encode_cursor,
    parse_query,
)
from search.records import make_record
from search.runtime import get_backend

EMPTY_NOTICE = "请输入企业名称、统一社会信用代码或关键词。"


class SearchUnavailable(DomainError):
    code = "search_unavailable"


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    title: str
    title_html: str
    snippet: str
    snippet_html: str
    link: str
    date: dt.date | None
    cursor: str


@dataclass
class Outcome:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[facet_labels.FacetValue]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    exact: Hit | None = None
    offset: int = 0
    has_next: bool = False
    end_cursor: str | None = None


def _terms(segments: Sequence[str], words: Sequence[str]) -> list[str]:
    return sorted(set(segments) | set(words), key=len, reverse=True)


def make_hit(raw: RawHit, segments: Sequence[str], words: Sequence[str], position: int) -> Hit:
    terms = _terms(segments, words)
    extra: list[tuple[int, int]] = []
    if raw.kind == "enterprise":
        folded = text.fold(raw.title)
        for segment in segments:
            if text.is_ascii_word(segment) and len(segment) >= 2:
                span = pinyin.match_span(folded, segment)
                if span:
                    extra.append(span)
    title = highlight.mark(raw.title, terms, extra)
    snip = highlight.snippet(raw.body, terms)
    date = dt.date.fromisoformat(raw.date) if raw.date else None
    return Hit(raw.kind, raw.id, raw.title, title.html, snip.plain, snip.html, raw.link, date,
               encode_cursor(position + 1))


async def _exact(code: str, notices: list[str]) -> Hit | None:
    try:
        enterprise = await enterprise_by_code(code)
    except NotFound as error:
        notices.append(error.message)
        return None
    docs = await specs.documents_for_ids("enterprise", [enterprise.id])
    record = make_record(docs[0])
    raw = RawHit(record.uid, record.kind, record.id, record.title, record.body, record.link,
                 record.date)
    return make_hit(raw, [text.fold(code)], [], -1)


async def _public_only(hits: list[RawHit]) -> list[RawHit]:
    """Drop hits whose row is no longer public: one selector query per kind present.

    Also drops a repeated hit (an embedded rebuild briefly holds an old and a new copy).
    """
    unique = {h.uid: h for h in reversed(hits)}
    hits = [h for h in hits if unique.get(h.uid) is h]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for hit in hits:
        by_kind[hit.kind].append(int(hit.id))
    allowed = {kind: await specs.public_ids(kind, ids) for kind, ids in by_kind.items()
               if kind in specs.SPECS}
    return [h for h in hits if int(h.id) in allowed.get(h.kind, set())]


def check_kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(kinds or ()))
    unknown = [k for k in out if k not in specs.SPECS]
    if unknown:
        raise InvalidInput(f"未知的信息类别：{'、'.join(unknown)}。", field="kinds")
    return out


async def search(
    query: str | None,
    *,
    kinds: Sequence[str] | None = None,
    filters: Filters | None = None,
    first: int | None = None,
    after: str | None = None,
    newest_first: bool = False,
    backend: SearchBackend | None = None,
) -> Outcome:
    settings = get_settings()
    parsed = parse_query(query, settings.search_max_query_chars)
    filters = filters or Filters()
    kind_list = check_kinds(kinds)
    limit = clamp(first, settings.page_size_default, settings.page_size_max)
    offset = decode_cursor(after)
    outcome = Outcome(query=parsed.raw, notices=parsed.notices, offset=offset)
    if parsed.code:
        outcome.exact = await _exact(parsed.code, outcome.notices)
    if not parsed.segments and not (filters.active or kind_list):
        if not parsed.raw:
            outcome.notices.append(EMPTY_NOTICE)
        return outcome
    request = SearchRequest(tuple(parsed.segments), tuple(parsed.words), kind_list, filters,
                            offset, limit, newest_first)
    try:
        raw = await (backend or get_backend()).search(request)
    except BackendUnavailable:
        raise SearchUnavailable("搜索服务暂时不可用，请稍后再试。") from None
    visible = await _public_only(raw.hits)
    outcome.total = raw.total
    outcome.hits = [
        make_hit(h, parsed.segments, parsed.words, offset + i) for i, h in enumerate(visible)
    ]
    outcome.has_next = offset + len(raw.hits) < min(raw.total, MAX_OFFSET)
    outcome.end_cursor = encode_cursor(offset + len(raw.hits)) if raw.hits else None
    outcome.facets = await facet_labels.label(raw.facets)
    return outcome
