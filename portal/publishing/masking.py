"""Privacy masks on a revision's free-text fields (DESIGN §3).

Detectors (portal.core.redaction) propose; the editor keeps, drops or adds masks; the reviewer
sees them; only :func:`public_values` output ever reaches a record row, so every public path
(pages, API, search, feeds, exports) reads redacted text by construction.

Masks are stored as JSON: ``{field: [[start, end, kind, replacement], ...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from portal.core import redaction
from portal.core.errors import InvalidInput
from portal.core.redaction import MARKER, Mask, PrivacyKind
from portal.publishing.kinds import Adapter

MaskMap = dict[str, list[list[Any]]]
KIND_LABELS = {
    PrivacyKind.RESIDENT_ID: "身份证号", PrivacyKind.BANK_CARD: "银行卡号", PrivacyKind.MOBILE: "手机号",
    PrivacyKind.LANDLINE: "固定电话", PrivacyKind.EMAIL: "电子邮箱", PrivacyKind.ADDRESS: "住址",
    PrivacyKind.PERSON_NAME: "自然人姓名",
}
MANUAL = "manual"  # a mask the editor added by hand


def encode(masks: Iterable[Mask]) -> list[list[Any]]:
    return [[m.start, m.end, str(m.kind), m.replacement] for m in masks]


def decode(raw: Iterable[Iterable[Any]]) -> list[Mask]:
    out = []
    for start, end, kind, replacement in raw:
        out.append(Mask(int(start), int(end), kind, str(replacement)))
    return out


def propose(adapter: Adapter, data: Mapping[str, str]) -> MaskMap:
    return {f.name: encode(redaction.propose(data.get(f.name, ""))) for f in adapter.redacted}


def validated(text: str, masks: list[Mask], field: str) -> list[Mask]:
    """Masks sorted, inside the text and not overlapping, or :class:`InvalidInput`."""
    ordered = sorted(masks, key=lambda m: (m.start, m.end))
    position = 0
    for mask in ordered:
        if not 0 <= mask.start < mask.end <= len(text):
            raise InvalidInput(f"遮盖范围 {mask.start}–{mask.end} 超出了文本长度。", field=field)
        if mask.start < position:
            raise InvalidInput("遮盖范围相互重叠，请调整。", field=field)
        if not mask.replacement:
            raise InvalidInput("遮盖替换文字不能为空。", field=field)
        position = mask.end
    return ordered


def phrase_masks(text: str, phrases: Iterable[str], existing: list[Mask]) -> list[Mask]:
    """Masks for every occurrence of each phrase that does not touch an existing mask."""
    out = list(existing)
    for phrase in (p.strip() for p in phrases):
        if not phrase:
            continue
        start = text.find(phrase)
        if start < 0:
            raise InvalidInput(f"正文中找不到要隐去的文字“{phrase[:20]}”。", field="phrases")
        while start >= 0:
            mask = Mask(start, start + len(phrase), MANUAL, MARKER)  # type: ignore[arg-type]
            if not any(mask.covers(other) for other in out):
                out.append(mask)
            start = text.find(phrase, start + len(phrase))
    return sorted(out, key=lambda m: m.start)


def public_values(adapter: Adapter, data: Mapping[str, str], masks: Mapping[str, Any]) -> dict[str, str]:
    """``data`` with every redacted field replaced by its public text."""
    out = dict(data)
    for spec in adapter.redacted:
        text = data.get(spec.name, "")
        out[spec.name] = redaction.apply(text, decode(masks.get(spec.name, [])))
    return out


def segments(text: str, raw: Iterable[Iterable[Any]]) -> list[tuple[str, Mask | None]]:
    """The text cut into plain and masked pieces, for staff pages that show the masks."""
    out: list[tuple[str, Mask | None]] = []
    position = 0
    for mask in sorted(decode(raw), key=lambda m: m.start):
        if mask.start > position:
            out.append((text[position:mask.start], None))
        out.append((text[mask.start:mask.end], mask))
        position = mask.end
    if position < len(text):
        out.append((text[position:], None))
    return out
