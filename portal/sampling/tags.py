"""Scope tags and qualification codes: short codes, comma- or space-separated in input."""

from __future__ import annotations

import re

from portal.core.errors import InvalidInput

_TAG = re.compile(r"^[\w\-]{1,40}$")


def parse_tags(text: str, field: str = "tags") -> frozenset[str]:
    """``"food, 食品 drug"`` → ``{"food", "食品", "drug"}``; clear message on a bad code."""
    parts = [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]
    for part in parts:
        if not _TAG.match(part):
            raise InvalidInput(f"标签“{part[:20]}”无效：只能用字母、数字、汉字、- 或 _，最长40字。",
                               field=field)
    if len(parts) > 20:
        raise InvalidInput("标签最多20个。", field=field)
    return frozenset(parts)


def join_tags(tags: frozenset[str]) -> str:
    return ",".join(sorted(tags))
