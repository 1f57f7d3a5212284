"""What the user typed, made safe and searchable; and what a backend is asked.

Nothing here raises on the query text itself: empty, oversized, punctuation-only or hostile
input becomes a clear notice. Filters and cursors are checked and raise :class:`InvalidInput`
with a message saying what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

from portal.core.errors import InvalidInput
from portal.core.ids import (
    CodeStatus,
    check_registration_number,
    check_uscc,
    is_registration_number,
    normalise,
)
from search import text

MAX_SEGMENTS = 12
MAX_WORDS = 24
MAX_OFFSET = 1000
_CODE_SHAPE = re.compile(r"[0-9A-Z]{18}")
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


@dataclass(frozen=True)
class Filters:
    region: str | None = None  # GB/T 2260 code: a province or city covers what lies below
    department: str | None = None  # department id
    year: int | None = None
    result_code: str | None = None  # portal.inspections.models.ResultCode value
    list_kind: str | None = None  # portal.credit.models.ListKind value

    def __post_init__(self) -> None:
        if self.region is not None and not (len(self.region) == 6 and self.region.isdigit()):
            raise InvalidInput("行政区划代码应为6位数字（GB/T 2260）。", field="region")
        if self.department is not None and not (
            self.department.isdigit() and len(self.department) <= 12
        ):
            raise InvalidInput("部门编号应为数字。", field="department")
        if self.year is not None and not 1949 <= self.year <= 2100:
            raise InvalidInput("年度应为四位年份。", field="year")

    @property
    def active(self) -> bool:
        return any(v is not None for v in vars(self).values())


@dataclass(frozen=True)
class SearchRequest:
    """One backend call. ``segments`` empty means "browse": every document the filters allow."""

    segments: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    offset: int = 0
    limit: int = 20
    newest_first: bool = False
    facets: bool = True

    @property
    def text(self) -> str:
        return " ".join(self.segments)


@dataclass
class ParsedQuery:
    raw: str
    segments: list[str]
    words: list[str]
    notices: list[str]
    code: str | None = None  # a well-formed credit code or registration number
    code_is_reg_no: bool = False


def _clean(raw: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in raw
    ).strip()


def _looks_like_code(candidate: str) -> bool:
    return bool(_CODE_SHAPE.fullmatch(candidate)) and sum(c.isdigit() for c in candidate) >= 6


def parse_query(raw: str | None, max_chars: int) -> ParsedQuery:
    notices: list[str] = []
    query = _clean(raw or "")
    if len(query) > max_chars:
        query = query[:max_chars].rstrip()
        notices.append(f"搜索词过长，只按前{max_chars}个字符搜索。")
    parsed = ParsedQuery(query, [], [], notices)
    candidate = normalise(query)
    if _looks_like_code(candidate):
        try:
            checked = check_uscc(candidate)
        except InvalidInput as error:
            notices.append(f"“{candidate}”不是有效的统一社会信用代码：{error.message}")
        else:
            parsed.code = checked.code
            if checked.status is CodeStatus.PILOT and checked.warning:
                notices.append(checked.warning)
    elif is_registration_number(candidate):
        try:
            parsed.code = check_registration_number(candidate)
            parsed.code_is_reg_no = True
        except InvalidInput as error:
            notices.append(f"“{candidate}”不是有效的注册号：{error.message}")
    folded = text.fold(query)
    segments = text.segments(folded)
    if len(segments) > MAX_SEGMENTS:
        segments = segments[:MAX_SEGMENTS]
        notices.append(f"搜索词太多，只按前{MAX_SEGMENTS}个词搜索。")
    parsed.segments = segments
    parsed.words = text.query_words(" ".join(segments))[:MAX_WORDS] if segments else []
    if query and not segments:
        notices.append("搜索词只有标点或符号，请输入文字、字母或数字。")
    return parsed


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, value = raw.split(":", 1)
        offset = int(value)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after") from None
    if tag != "o" or offset < 0:
        raise InvalidInput("分页游标（after）无效，请从第一页重新开始。", field="after")
    if offset >= MAX_OFFSET:
        raise InvalidInput(
            f"最多可翻阅前{MAX_OFFSET}条结果，请增加关键词或筛选条件缩小范围。", field="after"
        )
    return offset
