"""Highlighting: matched text wrapped in ``<mark>``, everything else HTML-escaped.

Matching runs on folded text and maps back to the original characters, so a simplified query
highlights the traditional characters it matched. Both backends share this code, so titles and
snippets look the same whichever backend answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from search import text

Span = tuple[int, int]
SNIPPET_CHARS = 120
CONTEXT_BEFORE = 30


@dataclass(frozen=True)
class Marked:
    plain: str
    html: str


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def find_spans(original: str, terms: Sequence[str], folded_spans: Sequence[Span] = ()) -> list[Span]:
    """Where the (folded) terms occur in ``original``, as merged character spans."""
    folded, origin = text.fold_aligned(original)
    found: list[Span] = list(folded_spans)
    for term in terms:
        if term:
            found.extend((i, i + len(term)) for i in text.find_all(folded, term))
    if origin is None:
        return _merge(found)
    return _merge((origin[s], origin[e - 1] + 1) for s, e in found if e > s)


def render(original: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> str:
    end = len(original) if end is None else end
    out: list[str] = []
    position = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(original[position:s]))
        out.append(f"<mark>{escape(original[s:e])}</mark>")
        position = e
    out.append(escape(original[position:end]))
    return "".join(out)


def mark(original: str, terms: Sequence[str], folded_spans: Sequence[Span] = ()) -> Marked:
    return Marked(original, render(original, find_spans(original, terms, folded_spans)))


def snippet(original: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> Marked:
    """A window of ``width`` characters around the first match (or the start of the text)."""
    spans = find_spans(original, terms)
    first = spans[0][0] if spans else 0
    start = 0 if first + CONTEXT_BEFORE < width else first - CONTEXT_BEFORE
    start = min(start, max(0, len(original) - width))
    end = min(len(original), start + width)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(original) else ""
    plain = lead + original[start:end] + tail
    return Marked(plain, lead + render(original, spans, start, end) + tail)
