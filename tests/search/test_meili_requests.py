"""Meilisearch request building, checked without a server."""

from __future__ import annotations

from search import meili_requests as req
from search.query import Filters, SearchRequest
from search.records import make_record


def test_index_settings_cover_search_filters_sort_locale_and_facets() -> None:
    body = req.settings_body(req.index_settings())
    assert body["searchableAttributes"] == ["title_folded", "codes", "pinyin_head", "pinyin", "text"]
    assert set(body["filterableAttributes"]) >= {
        "kind", "region_path", "department", "year", "result_code", "list_kind"}
    assert body["sortableAttributes"] == ["date_ord"]
    assert body["localizedAttributes"] == [
        {"locales": ["cmn"], "attributePatterns": ["title_folded", "text"]}]
    assert body["faceting"]["maxValuesPerFacet"] >= 20
    assert body["pagination"] == {"maxTotalHits": 10_000}


def test_settings_are_applied_only_when_they_differ() -> None:
    assert not req.settings_differ(req.index_settings())
    changed = req.index_settings()
    changed.sortable_attributes = []
    assert req.settings_differ(changed)
    reordered = req.index_settings()
    reordered.filterable_attributes = list(reversed(req.FILTERABLE))
    assert not req.settings_differ(reordered)  # a set: order does not matter
    ranked = req.index_settings()
    ranked.searchable_attributes = list(reversed(req.SEARCHABLE))
    assert req.settings_differ(ranked)  # order ranks attributes: it matters


def test_filters_are_quoted_and_combined() -> None:
    request = SearchRequest(
        ("监管",), (), ("penalty", "list_entry"),
        Filters(region="330700", department="12", year=2025, result_code="corrected",
                list_kind="abnormal"),
    )
    assert req.filter_expressions(request) == [
        'kind IN ["penalty", "list_entry"]', 'region_path = "330700"', 'department = "12"',
        'year = "2025"', 'result_code = "corrected"', 'list_kind = "abnormal"',
    ]
    assert req.quote('a"b\\c') == '"a\\"b\\\\c"'
    assert req.stale_filter("penalty", 1700) == 'kind = "penalty" AND stamp < 1700'


def test_search_params_relevance_and_newest() -> None:
    params = req.search_params(SearchRequest(("义乌", "华联"), offset=20, limit=10))
    assert params["query"] == "义乌 华联"
    assert params["offset"] == 20 and params["limit"] == 10
    assert params["matching_strategy"] == "all" and params["locales"] == ["cmn"]
    assert params["facets"] == ["kind", "region", "department", "year", "result_code",
                                "list_kind"]
    assert "sort" not in params and "filter" not in params
    newest = req.search_params(SearchRequest(("义乌",), newest_first=True))
    assert newest["sort"] == ["date_ord:desc"]
    browse = req.search_params(SearchRequest((), kinds=("penalty",)))
    assert browse["query"] is None and browse["sort"] == ["date_ord:desc"]
    assert browse["filter"] == ['kind IN ["penalty"]']


def test_documents_carry_folded_text_and_facet_values() -> None:
    record = make_record({
        "kind": "regulation", "id": 7, "title": "山西省應急管理廳通知", "body": "加強監管",
        "codes": ["晋应急发〔2020〕1号"], "date": None, "year": 2020, "region": "140000",
        "department": 3,
    })
    doc = req.to_document(record, 1234)
    assert doc["uid"] == "regulation-7" and doc["stamp"] == 1234
    assert doc["title"] == "山西省應急管理廳通知"  # original, for display
    assert doc["title_folded"] == "山西省应急管理厅通知"
    assert "加强监管" in doc["text"]
    assert doc["region_path"] == ["140000"] and doc["region"] == "140000"
    assert doc["year"] == "2020" and doc["department"] == "3"
    assert "result_code" not in doc and doc["date_ord"] == 0
