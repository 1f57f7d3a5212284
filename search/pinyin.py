"""Pinyin for enterprise names: full syllables and initials, matched at syllable starts.

A name is cut into words with jieba and each word is converted with pypinyin (cached per word:
names repeat words such as 有限公司 endlessly, so this costs microseconds per name and reads
polyphones in context, e.g. 重庆 → chong qing). Every character gets exactly one entry, so a
match on syllables maps back to characters for highlighting.

The index holds, for every syllable position, the rest of the name in full pinyin and in
initials ("zhongguoshihua", "guoshihua", … and "zgsh", "gsh", …), so "zhongguo", "zgsh" or
"shihua" match as prefixes of those tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import rjieba
from pypinyin import lazy_pinyin

MAX_SYLLABLES = 40


def _per_char(text: str) -> list[str]:
    return list(text)


_ERRORS: Any = _per_char  # pypinyin accepts a list-returning callback; its stub says str


@lru_cache(maxsize=200_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    out = lazy_pinyin(word, errors=_ERRORS)
    if len(out) != len(word):  # defensive: keep one entry per character
        return tuple(lazy_pinyin(ch, errors=_ERRORS)[0] if ch.strip() else ch for ch in word)
    return tuple(out)


def syllables(folded_name: str) -> list[str]:
    """One entry per character: the syllable of a Han character, the character otherwise."""
    out: list[str] = []
    for word in rjieba.cut(folded_name):
        out.extend(_word_syllables(word))
    return [s.lower() for s in out]


@dataclass(frozen=True)
class PinyinTokens:
    suffixes: list[str]  # full pinyin and initials from every syllable position
    head: list[str]  # the whole name: full pinyin and initials


def tokens(folded_name: str) -> PinyinTokens:
    units = [s for s in syllables(folded_name) if s.isascii() and s.isalnum()][:MAX_SYLLABLES]
    if not units:
        return PinyinTokens([], [])
    full = "".join(units)
    initials = "".join(u[0] for u in units)
    starts = [0]
    for unit in units[:-1]:
        starts.append(starts[-1] + len(unit))
    suffixes: list[str] = []
    for i, start in enumerate(starts):
        suffixes.append(full[start:])
        suffixes.append(initials[i:])
    return PinyinTokens(list(dict.fromkeys(suffixes)), [full, initials])


def match_span(folded_name: str, query: str) -> tuple[int, int] | None:
    """Characters ``[start, end)`` of the name that an ASCII ``query`` matches in pinyin."""
    per_char = syllables(folded_name)
    positions = [i for i, s in enumerate(per_char) if s.isascii() and s.isalnum()]
    for p, start in enumerate(positions):
        rest = [per_char[i] for i in positions[p:]]
        if "".join(u[0] for u in rest).startswith(query):
            return start, positions[p + len(query) - 1] + 1
        joined = ""
        for k, unit in enumerate(rest):
            joined += unit
            if len(joined) >= len(query):
                if joined.startswith(query):
                    return start, positions[p + k] + 1
                break
    return None
