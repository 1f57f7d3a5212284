"""Import a raw captured policy page (规范性文件 as published on a web site) as a Regulation.

:func:`parse_capture` is pure: it drops site boilerplate (navigation, "扫一扫", view counters,
"核心提示" summaries, trailing tag/feedback blocks, unrelated headlines), keeps the body as
published (traditional characters stay traditional) and detects title, 文号, issuer and dates
heuristically. Openings damaged by a one-byte shift in a GBK re-encoding ("?。ǘ├…") are
re-decoded only when the result is verifiably clean. Unusable input raises :class:`ImportProblem`
(Chinese message). :func:`import_capture` creates the published row, its audit entry and outbox
event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tortoise.transactions import in_transaction

from portal.core import audit, clock, outbox
from portal.core.actors import SYSTEM, Actor
from portal.core.errors import InvalidInput
from portal.core.publication import PublicationState
from portal.reference.models import Department, Region
from portal.regulations.models import Regulation


class ImportProblem(InvalidInput):
    code = "import_problem"


@dataclass(frozen=True)
class ParsedRegulation:
    title: str
    doc_number: str
    issuer: str
    issued_on: dt.date | None
    published_on: dt.date | None
    paragraphs: tuple[str, ...]
    published_time: dt.time | None = None
    source: str = ""  # the page's "来源" field, if any
    repaired: int = 0  # paragraph openings re-decoded from a shifted GBK stream

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


_SPACE = " \t\xa0\u3000\ufeff"
_BOILERPLATE = re.compile(
    r"^注册\s*[|｜]\s*登录|一网搜$|^【?字体[:：]|^打印(本页)?$|扫一扫|在手机上查看|^关闭窗口$"
    r"|^世界食品[網网]$|^核心提示[:：]|^(首页|当前位置)\s*[>:：]|^分享到[:：]?"
)
_TRAILER = re.compile(
    r"^(日期|地[區区]|標簽|标签|關鍵詞|关键词)\s*[:：]|^反[對对]\s*\d|^更多\s*>|扫一扫|^相关(阅读|链接)"
)
_LABEL = re.compile(r"(索\s*引\s*[号號]|文\s*[号號]|[发發]布(机构|機構|日期|时间|時間)|信息分[类類]"
                    r"|有效性|主\s*[题題]\s*[词詞]|时\s*间|時\s*間|来\s*源|來\s*源)\s*[:：]")
_TITLE_WORD = re.compile(r"关于|關于|關於|意见|意見|通知|方案|办法|辦法|规定|規定|决定|決定|细则|細則"
                         r"|公告|通告|条例|條例|规则|規則|指引|批复|批覆|规划|規劃|措施")
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔［\[（(【]\s*((?:19|20)\d{2})\s*[〕］\]）)】]"
                     r"\s*(\d{1,4})\s*[号號]")
_NUM_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"
                       r"(?:\s*(\d{1,2}):(\d{2}))?")
_CN_DATE = re.compile(r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})"
                      r"\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日")
_ORG_END = re.compile(r"(政府|办公室|辦公室|办公厅|辦公廳|厅|廳|局|委员会|委員會|委|办|辦|院|部|署|中心|处|處|会|會)$")
_SOURCE = re.compile(r"(?:来|來)\s*源\s*[:：]\s*(\S+)")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _CN_DIGITS for c in text):  # 二〇一八
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:  # 十, 十二, 二十, 二十一
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, -1)


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(_cn_number(year), _cn_number(month), _cn_number(day))
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, dt.time | None] | None:
    """The first valid date in ``text`` (2018-12-25 [10:46], 2021年04月21日, 二〇一八年…)."""
    found = [(m.start(), day, m.groups()[3:5] if len(m.groups()) > 3 else (None, None))
             for pattern in (_NUM_DATE, _CN_DATE) for m in pattern.finditer(text)
             for day in [_date(m[1], m[2], m[3])] if day]
    if not found:
        return None
    _, day, (hour, minute) = min(found, key=lambda f: f[0])
    if hour is None or minute is None or int(hour) > 23 or int(minute) > 59:
        return day, None
    return day, dt.time(int(hour), int(minute))


def _gbk_bytes(text: str) -> bytes | None:
    """Bytes as the damaging decoder saw them (GBK, with its private-use code points)."""
    out = bytearray()
    for ch in text:  # GBK A989–A995 decode to U+E7E7–E7F3; GB18030 maps them elsewhere
        encoded = (bytes((0xA9, ord(ch) - 0xE7E7 + 0x89)) if "\ue7e7" <= ch <= "\ue7f3"
                   else ch.encode("gb18030"))
        if len(encoded) > 2:
            return None
        out += encoded
    return bytes(out)


def _clean_cjk(text: str) -> bool:
    return bool(text) and all("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                              or "\uff01" <= c <= "\uff5e" or c in "“”‘’·—…" for c in text)


def _looks_shifted(run: str) -> bool:
    """Characters a misaligned GBK stream produces: rows A6–A9 and the private-use areas."""
    return any("\ue000" <= c <= "\uf8ff" or "\u3100" <= c <= "\u312f" or "\u2500" <= c <= "\u257f"
               or "\u2460" <= c <= "\u24ff" or "\u0100" <= c <= "\u04ff" for c in run)


def repair_opening(paragraph: str) -> tuple[str, bool]:
    """Re-decode a paragraph opening shifted by one byte ("?。ǘ├迩灞O管…" → "（二）厘清監管…").

    The fingerprint is "?。": a full-width indent (A1 A1) whose first byte was lost, so every
    following pair is misaligned until a single-byte character restores the alignment. The fix
    re-encodes the run, puts the lost A1 back and decodes again; it is kept only when the result
    is clean CJK text and the run shows the artefacts of misalignment (bopomofo, box drawing,
    private-use characters). A pair destroyed outright ("?") becomes 〓.
    """
    if not paragraph.startswith("?。"):
        return paragraph, False
    run_end = next((i for i, c in enumerate(paragraph[1:], 1) if c.isascii()), len(paragraph))
    lost = run_end < len(paragraph) and paragraph[run_end] == "?"
    run = paragraph[1:run_end] if lost else paragraph[1:run_end + 1]
    raw = _gbk_bytes(run) if _looks_shifted(run) else None
    if raw is None:
        return paragraph, False
    raw = b"\xa1" + (raw[:-1] if lost and len(raw) % 2 == 0 else raw)  # drop a dangling lead byte
    fixed = raw.decode("gb18030", errors="replace").lstrip("\u3000")
    if not _clean_cjk(fixed):  # also rejects U+FFFD from undecodable bytes
        return paragraph, False
    rest = paragraph[run_end + 1:]
    if lost:
        fixed += "〓"  # typesetters' mark for a character that cannot be recovered
        entity = re.match(r"#?\w{2,8};", rest)  # "&ldquo;" lost its "&" with the pair
        if entity and html.unescape("&" + entity[0]) != "&" + entity[0]:
            rest = html.unescape("&" + entity[0]) + rest[entity.end():]
    return fixed + rest, True


def _check_text(text: str) -> list[str]:
    if not text or not text.strip(_SPACE + "\r\n"):
        raise ImportProblem("页面内容为空，无法导入。")
    junk = sum(1 for c in text if (ord(c) < 32 and c not in "\r\n\t") or c == "\ufffd")
    if "\x00" in text or junk > len(text) / 50:
        raise ImportProblem("内容不是可识别的文本（可能是二进制文件或编码错误），无法导入。")
    if sum(1 for c in text if "\u4e00" <= c <= "\u9fff") < 20:
        raise ImportProblem("未找到中文正文（不足20个汉字），无法导入。")
    return [line.strip(_SPACE) for line in text.splitlines() if line.strip(_SPACE)]


def _body_start(lines: list[str], title_at: int) -> int:
    """The addressee line ("各…单位:") or the first full paragraph after the title."""
    return next((i for i in range(title_at + 1, len(lines))
                 if not _BOILERPLATE.search(lines[i]) and not _LABEL.search(lines[i])
                 and (lines[i].endswith((":", "：")) or len(lines[i]) >= 40 and lines[i].endswith("。"))),
                title_at + 1)


def _signature(body: list[str]) -> tuple[str, dt.date | None]:
    for i, line in enumerate(body):
        m = _CN_DATE.fullmatch(line) or _NUM_DATE.fullmatch(line)
        day = _date(m[1], m[2], m[3]) if m else None
        if day and i and len(body[i - 1]) <= 40 and _ORG_END.search(body[i - 1]) \
                and not re.search(r"[，,。；;：:、]", body[i - 1]):
            return body[i - 1], day
    return "", None


def _issuer_from_header(header: list[str], title: str) -> str:
    for line in header:
        m = re.search(r"[发發]布(?:机构|機構)\s*[:：]\s*(\S+)", line)
        if m:
            return m[1]
        m = re.match(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+([\u4e00-\u9fff]{2,30}?)\d*$", line)
        if m and _ORG_END.search(m[1]):
            return m[1]
    m = re.match(r"(.{2,30}?(?:政府|办公室|辦公室|厅|廳|局|委员会|委員會))(?:关于|關于|關於)", title)
    return m[1] if m else ""


def parse_capture(text: str) -> ParsedRegulation:
    """Parse a captured page; raise :class:`ImportProblem` if it holds no usable document."""
    lines = _check_text(text)
    candidates = [i for i, line in enumerate(lines[:15])
                  if not _BOILERPLATE.search(line) and not _LABEL.search(line)
                  and not _DOC_NO.fullmatch(line) and not re.match(r"\d{4}\s*[-/.年]", line)
                  and 6 <= len(line) <= 150 and not line.endswith(("。", ":", "："))]
    titled = [i for i in candidates if _TITLE_WORD.search(lines[i])]
    if not titled:
        raise ImportProblem("未能识别文件标题（页面开头没有像“关于……的通知/意见”这样的标题行）。")
    title_at = titled[0]
    start = _body_start(lines, title_at)
    header = lines[:start]
    end = next((i for i in range(start + 1, len(lines)) if _TRAILER.search(lines[i])), len(lines))
    trailer = lines[end:]
    body_lines = [line for line in lines[start:end] if not _BOILERPLATE.search(line)]
    if not body_lines:
        raise ImportProblem("未能识别正文段落，无法导入。")
    meta = [line for i, line in enumerate(header) if i != title_at and not _BOILERPLATE.search(line)]
    doc = next((m for line in meta for m in [_DOC_NO.search(line)] if m), None)
    if doc is None:  # a 文号 standing alone just below the title
        doc = next((m for line in body_lines[:3] for m in [_DOC_NO.fullmatch(line)] if m), None)
    labelled = [line for line in meta if re.search(r"[发發]布日期|时\s*间|時\s*間", line)]
    stamp = next((d for line in labelled + meta + trailer for d in [find_date(line)] if d), None)
    issuer, issued_on = _signature(body_lines)
    source = next((m[1] for line in meta for m in [_SOURCE.search(line)] if m), "")

    fixed = [repair_opening(line) for line in body_lines]
    return ParsedRegulation(
        title=lines[title_at], doc_number=f"{doc[1]}〔{doc[2]}〕{doc[3]}号" if doc else "",
        issuer=issuer or _issuer_from_header(meta, lines[title_at]), issued_on=issued_on,
        published_on=stamp[0] if stamp else None, published_time=stamp[1] if stamp else None,
        paragraphs=tuple(p for p, _ in fixed), source=source[:60], repaired=sum(c for _, c in fixed),
    )


_OVERRIDABLE = {"title", "doc_number", "issuer", "issued_on", "published_on"}


def read_capture(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"无法读取文件 {path.name}：{error.strerror or error}。") from None
    if b"\x00" in data:
        raise ImportProblem(f"文件 {path.name} 含有二进制内容，不是文本格式的页面采集。")
    for encoding in ("utf-8-sig", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    raise ImportProblem(f"无法识别文件 {path.name} 的编码（应为 UTF-8 或 GB18030）。")


def apply_overrides(parsed: ParsedRegulation, overrides: Mapping[str, object]) -> ParsedRegulation:
    """Curated metadata wins over the heuristics (e.g. the demo table next to the files)."""
    unknown = sorted(set(overrides) - _OVERRIDABLE)
    if unknown:
        raise ImportProblem(f"不支持覆盖的字段：{'、'.join(unknown)}。")
    values: dict[str, object] = {}
    for key, value in overrides.items():
        if key.endswith("_on") and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ImportProblem(f"字段 {key} 的日期“{value}”无效，应为 YYYY-MM-DD。") from None
        values[key] = value
    if values.get("published_on", parsed.published_on) != parsed.published_on:
        values["published_time"] = None  # the captured time belongs to the captured date
    return replace(parsed, **values)  # type: ignore[arg-type]


async def import_capture(
    path: str | Path, *, overrides: Mapping[str, object] | None = None,
    department: Department | None = None, region: Region | None = None, actor: Actor = SYSTEM,
) -> Regulation:
    """Parse the file and create a published Regulation (audit ``regulation.import``, outbox)."""
    path = Path(path)
    parsed = parse_capture(read_capture(path))
    if overrides:
        parsed = apply_overrides(parsed, overrides)
    if not parsed.issuer:
        raise ImportProblem(f"未能从 {path.name} 识别发布机关，请在导入时指定。")
    published_on = parsed.published_on or parsed.issued_on
    if published_on is None:
        raise ImportProblem(f"未能从 {path.name} 识别发布日期，请在导入时指定。")
    published_at = dt.datetime.combine(published_on, parsed.published_time or dt.time(0), clock.CST)
    note = f"页面采集：{path.name}" + (f"；来源：{parsed.source}" if parsed.source else "")
    async with in_transaction() as conn:
        row = await Regulation.create(
            title=parsed.title[:300], doc_number=parsed.doc_number[:100], issuer=parsed.issuer[:200],
            department=department, region=region, issued_on=parsed.issued_on, body=parsed.body,
            source_note=note[:300], publication_state=PublicationState.PUBLISHED,
            published_at=published_at, using_db=conn,
        )
        await audit.record(conn, actor, "regulation.import", "regulation", row.id, after={
            "title": row.title, "doc_number": row.doc_number, "file": path.name,
            "repaired_openings": parsed.repaired,
        })
        await outbox.emit(conn, "regulation", row.id)
    return row
