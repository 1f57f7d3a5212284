"""Meilisearch request building: index settings, documents, filters and search parameters.

Pure functions (no server needed), unit-tested on their own. The documents carry the folded
text (so traditional and simplified match, whatever Meilisearch's own normalisation does), the
original title and body (for display), pinyin tokens and the facet values.
"""

from __future__ import annotations

import json
from typing import Any

from meilisearch_python_sdk.models.settings import (
    Faceting,
    LocalizedAttributes,
    MeilisearchSettings,
    Pagination,
    TypoTolerance,
)

from search.backend import FACET_SIZE, FACETS
from search.query import SearchRequest
from search.records import IndexRecord

PRIMARY_KEY = "uid"
SEARCHABLE = ["title_folded", "codes", "pinyin_head", "pinyin", "text"]
FILTERABLE = ["kind", "region", "region_path", "department", "year", "result_code", "list_kind",
              "stamp"]
SORTABLE = ["date_ord"]
DISPLAYED = ["uid", "kind", "id", "title", "body", "link", "date"]
LOCALES = ["cmn"]
MAX_TOTAL_HITS = 10_000


def index_settings() -> MeilisearchSettings:
    return MeilisearchSettings(
        searchable_attributes=SEARCHABLE,
        filterable_attributes=list(FILTERABLE),
        sortable_attributes=SORTABLE,
        displayed_attributes=DISPLAYED,
        localized_attributes=[
            LocalizedAttributes(locales=LOCALES, attribute_patterns=["title_folded", "text"])
        ],
        faceting=Faceting(max_values_per_facet=FACET_SIZE, sort_facet_values_by={"*": "count"}),
        pagination=Pagination(max_total_hits=MAX_TOTAL_HITS),
        typo_tolerance=TypoTolerance(
            enabled=True, disable_on_attributes=["codes", "pinyin", "pinyin_head"],
            disable_on_numbers=True,
        ),
    )


def settings_body(settings: MeilisearchSettings) -> dict[str, Any]:
    """The settings we manage, as JSON-comparable data (camelCase, no unset keys)."""
    dumped: dict[str, Any] = json.loads(
        settings.model_dump_json(by_alias=True, exclude_none=True)
    )
    wanted = json.loads(index_settings().model_dump_json(by_alias=True, exclude_none=True))
    return {key: dumped.get(key) for key in wanted}


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(json.dumps(v, sort_keys=True) for v in value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def settings_differ(current: MeilisearchSettings) -> bool:
    """True when the server's settings are not (yet) ours: only then do we send an update.

    Searchable attributes are compared in order (the order ranks attributes); other lists as sets.
    """
    wanted = settings_body(index_settings())
    have = settings_body(current)
    for key, value in wanted.items():
        if key == "searchableAttributes":
            if have.get(key) != value:
                return True
        elif _norm(have.get(key)) != _norm(value):
            return True
    return False


def to_document(record: IndexRecord, stamp: int) -> dict[str, Any]:
    """``stamp``: when written (ms); a rebuild deletes its kind's documents stamped before it."""
    doc: dict[str, Any] = {
        "uid": record.uid, "stamp": stamp, "kind": record.kind, "id": record.id, "title": record.title,
        "body": record.body, "link": record.link, "date": record.date,
        "date_ord": record.date_ord, "title_folded": record.title_folded,
        "text": record.text_folded, "codes": record.codes, "pinyin": record.pinyin,
        "pinyin_head": record.pinyin_head, "region_path": record.region_path,
    }
    for name in ("region", "department", "year", "result_code", "list_kind"):
        value = getattr(record, name)
        if value is not None:
            doc[name] = value
    return doc


def stale_filter(kind: str, started: int) -> str:
    """Documents of ``kind`` written before a rebuild that began at ``started`` (ms)."""
    return f"kind = {quote(kind)} AND stamp < {int(started)}"


def quote(value: str) -> str:
    """A filter string literal: values are validated upstream, escaped here regardless."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expressions(request: SearchRequest) -> list[str]:
    out: list[str] = []
    if request.kinds:
        out.append("kind IN [" + ", ".join(quote(k) for k in request.kinds) + "]")
    f = request.filters
    pairs = (
        ("region_path", f.region), ("department", f.department),
        ("year", None if f.year is None else str(f.year)),
        ("result_code", f.result_code), ("list_kind", f.list_kind),
    )
    out.extend(f"{name} = {quote(value)}" for name, value in pairs if value is not None)
    return out


def search_params(request: SearchRequest) -> dict[str, Any]:
    """Keyword arguments for ``AsyncIndex.search``."""
    params: dict[str, Any] = {
        "query": request.text or None,
        "offset": request.offset,
        "limit": request.limit,
        "attributes_to_retrieve": DISPLAYED,
        "matching_strategy": "all",
        "locales": LOCALES,
    }
    expressions = filter_expressions(request)
    if expressions:
        params["filter"] = expressions
    if request.facets:
        params["facets"] = list(FACETS)
    if request.newest_first or not request.segments:
        params["sort"] = ["date_ord:desc"]
    return params
