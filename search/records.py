"""From a domain search document (a plain dict) to the backend-neutral index record.

The record carries the original title and body (for display and highlighting) and their
folded forms (for matching), segmented words (ranking), pinyin tokens (enterprise names), the
facet values and the link of the public page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from search import pinyin, text

BODY_LIMIT = 60_000  # characters kept per document (the longest real document is ~26,000)
WORDS_CHARS = 4_000  # segmented words (a ranking signal) come from the start of the text


@dataclass(frozen=True)
class IndexRecord:
    uid: str
    kind: str
    id: str
    title: str
    body: str
    link: str
    date: str | None
    title_folded: str
    text_folded: str
    words: str
    pinyin: list[str] = field(default_factory=list)
    pinyin_head: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    region: str | None = None
    region_path: list[str] = field(default_factory=list)
    department: str | None = None
    year: str | None = None
    result_code: str | None = None
    list_kind: str | None = None

    @property
    def date_ord(self) -> int:
        """yyyymmdd as an integer for sorting (0 when undated)."""
        return int(self.date.replace("-", "")) if self.date else 0


def uid(kind: str, object_id: str | int) -> str:
    return f"{kind}-{object_id}"


def region_path(code: str | None) -> list[str]:
    """GB/T 2260 ancestors, so that a province or city filter covers everything below it."""
    if not code or len(code) != 6:
        return []
    return list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code]))


def link(doc: dict[str, Any]) -> str:
    kind, object_id = doc["kind"], doc["id"]
    uscc = doc.get("uscc")
    if kind == "enterprise" and uscc:
        return f"/enterprises/{uscc}"
    if kind == "inspection_result" and uscc:
        return f"/enterprises/{uscc}#result-{object_id}"
    if kind == "inspection_item":
        return "/inspection-items?name=" + quote(str(doc.get("item_name", ""))[:100])
    return {
        "regulation": f"/regulations/{object_id}",
        "sampling_plan": f"/sampling-plans/{object_id}",
        "penalty": f"/penalties/{object_id}",
        "list_entry": f"/lists/entries/{object_id}",
        "complaint_channel": f"/channels#channel-{object_id}",
    }.get(kind, "/")


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def make_record(doc: dict[str, Any]) -> IndexRecord:
    title = text.tidy(str(doc["title"]))
    body = text.tidy(str(doc.get("body") or ""))[:BODY_LIMIT]
    codes = [text.fold(c).replace(" ", "") for c in doc.get("codes") or [] if c]
    title_folded = text.fold(title)
    rest = text.fold(f"{doc.get('department_name') or ''} {body}")
    searchable = text.index_text(f"{title_folded} {' '.join(codes)} {rest}")
    tokens = pinyin.tokens(text.fold(doc["pinyin_of"])) if doc.get("pinyin_of") else None
    region = _opt(doc.get("region"))
    return IndexRecord(
        uid=uid(doc["kind"], doc["id"]),
        kind=doc["kind"],
        id=str(doc["id"]),
        title=title,
        body=body,
        link=link(doc),
        date=_date(doc.get("date")),
        title_folded=title_folded,
        text_folded=searchable,
        words=text.words(searchable[:WORDS_CHARS]),
        pinyin=tokens.suffixes if tokens else [],
        pinyin_head=tokens.head if tokens else [],
        codes=codes,
        region=region,
        region_path=region_path(region),
        department=_opt(doc.get("department")),
        year=_opt(doc.get("year")),
        result_code=_opt(doc.get("result_code")),
        list_kind=_opt(doc.get("list_kind")),
    )
