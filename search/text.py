"""Chinese text folding, shared by documents and queries so that both sides match.

``fold`` maps full-width to half-width (NFKC), folds case, and maps traditional characters to
simplified ones with a character table derived from OpenCC's t2s/tw2s/hk2s dictionaries. The
table is one character to one character, so a folded string keeps the length of its source:
highlight offsets found in folded text point at the same characters of the original text.
Because both a traditional document and a simplified query fold to the same simplified form,
matching works in both directions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import rjieba

# Ranges that hold Han characters with traditional forms (BMP, extension A, compatibility).
_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2CEB0))
_OPENCC_CONFIGS = ("t2s.json", "tw2s.json", "hk2s.json")

# Everything that is not a letter or a digit separates words ("\w" minus the underscore).
SEPARATORS = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


@cache
def t2s_table() -> dict[int, str]:
    """Traditional → simplified, character by character (built once, ~0.3 s)."""
    import opencc

    table: dict[int, str] = {}
    for config in _OPENCC_CONFIGS:
        converter = opencc.OpenCC(config)
        for start, end in _HAN_RANGES:
            for code in range(start, end):
                char = chr(code)
                converted = converter.convert(char)
                if converted != char and len(converted) == 1:
                    table.setdefault(code, converted)
    return table


@cache
def _table() -> dict[int, str]:
    """t2s plus the common NFKC cases (full-width ASCII, ideographic space) in one table."""
    table = dict(t2s_table())
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    table[0x3000] = " "
    return table


def fold(text: str) -> str:
    """Normalise for matching: NFKC (full-width → half-width), lower case, simplified Han.

    One ``str.translate`` handles the usual cases; full NFKC runs only when something else
    remains (e.g. ① or ㈠), which keeps folding cheap enough for indexing thousands per second.
    """
    quick = text.translate(_table())
    if not unicodedata.is_normalized("NFKC", quick):
        quick = unicodedata.normalize("NFKC", quick).translate(_table())
    return quick.lower()


def fold_aligned(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` and say where each folded character came from.

    Returns ``(folded, None)`` when folding kept every character in place (the usual case), or
    ``(folded, origin)`` where ``origin[i]`` is the index in ``text`` of folded character ``i``.
    """
    quick = text.translate(_table())
    lowered = quick.lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFKC", quick):
        return lowered, None
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def tidy(text: str) -> str:
    """Collapse whitespace runs (page captures are full of them) for display and snippets."""
    return _SPACES.sub(" ", text).strip()


def index_text(*folded: str) -> str:
    """Already folded parts joined for the n-gram field: separators become single spaces."""
    return " ".join(SEPARATORS.sub(" ", p).strip() for p in folded if p)


def segments(folded: str) -> list[str]:
    """The word-character runs of a folded query, in order."""
    return [s for s in SEPARATORS.split(folded) if s]


def grams(segment: str) -> list[str]:
    """The n-grams a segment must contain: its bigrams, or the character itself."""
    if len(segment) == 1:
        return [segment]
    return list(dict.fromkeys(segment[i : i + 2] for i in range(len(segment) - 1)))


def words(spaced: str) -> str:
    """Segmented words (jieba) of folded, separator-free text, space-joined.

    Used for ranking only; single characters are dropped (the n-gram field has them).
    """
    return " ".join([w for w in rjieba.cut(spaced) if len(w) > 1])


def query_words(spaced: str) -> list[str]:
    """A query's words in jieba's search mode (also the shorter words inside long ones)."""
    return [w for w in rjieba.cut_for_search(spaced) if len(w) > 1 and w.isalnum()]


def is_ascii_word(segment: str) -> bool:
    return segment.isascii() and segment.isalpha()


def find_all(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + len(needle))
