"""The embedded backend's order for a query with very many matches (``BROAD_MATCHES``): title
matches ranked first, then every other match newest first; pages never repeat or skip a hit."""

from __future__ import annotations

import pytest

from search import embedded as embedded_backend
from search.backend import SearchBackend
from search.query import SearchRequest, parse_query
from search.reindex import reindex
from tests.search.conftest import build_corpus

pytestmark = pytest.mark.anyio


def _request(query: str, offset: int = 0, limit: int = 20) -> SearchRequest:
    parsed = parse_query(query, 100)
    return SearchRequest(tuple(parsed.segments), tuple(parsed.words), offset=offset, limit=limit)


async def test_broad_queries_rank_titles_then_newest_and_page_consistently(
    embedded: SearchBackend, today: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    await build_corpus()
    await reindex(embedded)
    ranked = await embedded.search(_request("婺城"))
    assert ranked.total == 5
    monkeypatch.setattr(embedded_module(), "BROAD_MATCHES", 4)  # 5 matches, 3 titles
    broad = await embedded.search(_request("婺城"))
    assert broad.total == 5 and {h.uid for h in broad.hits} == {h.uid for h in ranked.hits}
    in_title = [h for h in broad.hits if "婺城" in h.title]
    assert len(in_title) == 3
    assert broad.hits[: len(in_title)] == in_title  # titles first
    rest = [h.date or "" for h in broad.hits[len(in_title):]]
    assert rest == sorted(rest, reverse=True)  # then newest first
    paged = []
    for offset in range(0, 5, 2):
        paged += (await embedded.search(_request("婺城", offset=offset, limit=2))).hits
    assert [h.uid for h in paged] == [h.uid for h in broad.hits]
    monkeypatch.setattr(embedded_module(), "BROAD_MATCHES", 0)  # titles alone too many
    newest = await embedded.search(_request("婺城"))
    dates = [h.date or "" for h in newest.hits]
    assert dates == sorted(dates, reverse=True) and newest.total == 5


def embedded_module() -> object:
    return embedded_backend
