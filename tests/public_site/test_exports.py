"""/exports/<list page>.csv and .xlsx: every public list as a file, with the page's filters.

CSV files are read back with the csv module, XLSX files with openpyxl (another library than
the one that wrote them), so the tests see what a spreadsheet program would.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import openpyxl
import pytest

from portal import exports, response_cache
from portal.app import create_app
from portal.config import get_settings
from portal.core import clock, outbox
from portal.core.errors import InvalidInput
from portal.core.publication import PublicationState as S
from portal.core.redaction import MARKER
from portal.credit.models import ListKind, Penalty, Severity
from portal.inspections.models import ResultCode
from portal.publishing import services
from portal.regulations.models import Validity
from portal.response_cache import AnswerCache, ResponseCacheMiddleware
from public_site.views.exports import DOWNLOADS
from tests import factories as f
from tests.public_site.markup import parse
from tests.querycount import count_queries

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("frozen_today")]  # today: 2025-06-16
BOM = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert response.content.startswith(BOM)  # Excel reads UTF-8 Chinese only with the BOM
    text = response.content[len(BOM):].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # RFC 4180 line ends
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def text_of(rows: list[list[Any]]) -> str:
    return "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows)


@pytest.fixture
def max_rows(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Set ``PORTAL_EXPORT_MAX_ROWS`` for one test."""
    def set_to(value: int) -> None:
        monkeypatch.setenv("PORTAL_EXPORT_MAX_ROWS", str(value))
        get_settings.cache_clear()

    yield set_to
    get_settings.cache_clear()


# --- every kind, both formats ------------------------------------------------------------


async def _penalties() -> tuple[str, str]:
    await f.penalty(await f.enterprise("公示中的处罚公司"))
    await f.penalty(await f.enterprise("草稿处罚公司"), state=f.DRAFT)
    return "公示中的处罚公司", "草稿处罚公司"


async def _list(kind: ListKind) -> tuple[str, str]:
    await f.list_entry(await f.enterprise("列入名录公司"), kind=kind)
    await f.list_entry(await f.enterprise("未公开名录公司"), kind=kind, state=f.DRAFT)
    other = ListKind.ABNORMAL if kind is ListKind.SERIOUS_DISHONESTY else ListKind.SERIOUS_DISHONESTY
    await f.list_entry(await f.enterprise("另一名录公司"), kind=other)
    return "列入名录公司", "未公开名录公司"


async def _results() -> tuple[str, str]:
    await f.result(await f.enterprise("已公示结果公司"), code=ResultCode.CORRECTED)
    await f.result(await f.enterprise("未公示结果公司"), state=f.DRAFT)
    return "已公示结果公司", "未公示结果公司"


async def _two(make: Callable[..., Awaitable[Any]], shown: str, hidden: str) -> tuple[str, str]:
    await make(shown)
    await make(hidden, state=f.DRAFT)
    return shown, hidden


MAKERS: dict[str, Callable[[], Awaitable[tuple[str, str]]]] = {
    "regulations": lambda: _two(f.regulation, "公开的规章", "草稿规章"),
    "inspection-items": lambda: _two(f.inspection_item, "公开的抽查事项", "草稿抽查事项"),
    "sampling-plans": lambda: _two(f.plan, "公开的抽查计划", "草稿抽查计划"),
    "inspection-results": _results,
    "penalties": _penalties,
    "abnormal-list": lambda: _list(ListKind.ABNORMAL),
    "serious-dishonesty-list": lambda: _list(ListKind.SERIOUS_DISHONESTY),
    "complaint-channels": lambda: _two(f.channel, "公开的投诉渠道", "草稿投诉渠道"),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("d", DOWNLOADS, ids=[d.kind for d in DOWNLOADS])
async def test_each_list_downloads_its_public_rows(
    client: httpx.AsyncClient, d: Any, fmt: str
) -> None:
    shown, hidden = await MAKERS[d.kind]()
    kind = exports.KINDS[d.kind]

    response = await client.get(f"/exports{d.page}.{fmt}")

    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    assert rows[0] == kind.headers
    assert len(rows) == 2 and shown in text_of(rows[1:])
    assert hidden not in text_of(rows) and "另一名录公司" not in text_of(rows)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="{kind.slug}-2025-06-16.{fmt}"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{kind.title}-2025-06-16.{fmt}"
    assert disposition.isascii()
    assert response.headers["cache-control"] == "public, max-age=30"
    assert response.headers["x-export-row-limit"] == "50000"
    assert "x-export-truncated" not in response.headers


async def test_penalty_columns_are_readable_in_both_formats(client: httpx.AsyncClient) -> None:
    ent = await f.enterprise("义乌市示例商贸有限公司")
    p = await f.penalty(ent, severity=Severity.SERIOUS, decided_on=dt.date(2025, 3, 1),
                        basis="《产品质量法》第四十九条", content="没收违法所得，罚款",
                        fine_amount="12345.60")

    row = read_csv(await client.get("/exports/penalties.csv"))[1]
    assert row == [p.decision_number, "义乌市示例商贸有限公司", ent.uscc, "销售不合格商品",
                   "《产品质量法》第四十九条", "没收违法所得，罚款", "12345.60", "严重",
                   "2025-03-01", "义乌市市场监督管理局", "2028-02-29", "2026-03-01"]

    cells = read_xlsx(await client.get("/exports/penalties.xlsx"))[1]
    assert cells[:6] == row[:6] and cells[7] == "严重" and cells[9] == "义乌市市场监督管理局"
    assert cells[6] == pytest.approx(12345.60)  # a number, not text
    assert [c.date() for c in (cells[8], cells[10], cells[11])] == [
        dt.date(2025, 3, 1), dt.date(2028, 2, 29), dt.date(2026, 3, 1)]


async def _penalty_saying(ent: Any, **text: str) -> None:
    """A public penalty whose texts are what someone typed (here: formula-like)."""
    p = await f.penalty(ent)
    await Penalty.filter(id=p.id).update(**text)


async def test_xlsx_dates_show_as_iso_and_text_is_never_a_formula(client: httpx.AsyncClient) -> None:
    await _penalty_saying(await f.enterprise("=HYPERLINK(\"http://evil.example\",\"点击\")"),
                          violation="+1+cmd|' /C calc'!A0", basis="-2+3", content="@SUM(A1:A9)",
                          decision_number="\t=1+1")
    response = await client.get("/exports/penalties.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = list(sheet.iter_rows(max_row=2))
    assert all(c.font.b for c in header)  # bold headers
    by_header = {h.value: c for h, c in zip(header, row, strict=True)}
    assert by_header["决定日期"].number_format == "yyyy-mm-dd"
    for name, typed in (("市场主体名称", '=HYPERLINK("http://evil.example","点击")'),
                        ("违法行为", "+1+cmd|' /C calc'!A0"), ("处罚依据", "-2+3"),
                        ("处罚内容", "@SUM(A1:A9)"), ("决定书文号", "\t=1+1")):
        cell = by_header[name]
        assert cell.data_type == "s" and cell.value == "'" + typed, name


async def test_csv_neutralises_formulas_and_quotes_per_rfc_4180(client: httpx.AsyncClient) -> None:
    await _penalty_saying(await f.enterprise("=cmd|' /C calc'!A0"),
                          violation='罚款,"五千元"\r\n并没收', basis="+86 579 12315",
                          content="@SUM(A1)", decision_number="-1+1")
    response = await client.get("/exports/penalties.csv")
    row = read_csv(response)[1]
    assert row[:6] == ["'-1+1", "'=cmd|' /C calc'!A0", row[2], '罚款,"五千元"\r\n并没收',
                       "'+86 579 12315", "'@SUM(A1)"]
    assert '"罚款,""五千元""\r\n并没收"' in response.content.decode("utf-8")  # quoted, quotes doubled


# --- what never appears ------------------------------------------------------------------


async def test_unpublished_scheduled_withdrawn_expired_and_repaired_rows_never_appear(
    client: httpx.AsyncClient,
) -> None:
    await f.penalty(await f.enterprise("公示中公司"))
    await f.penalty(await f.enterprise("草稿公司"), state=f.DRAFT)
    await f.penalty(await f.enterprise("审核中公司"), state=S.IN_REVIEW)
    later = await f.penalty(await f.enterprise("定时发布公司"))
    await Penalty.filter(id=later.id).update(published_at=clock.now() + dt.timedelta(hours=2))
    await f.penalty(await f.enterprise("已撤回公司"), state=S.WITHDRAWN)
    await f.penalty(await f.enterprise("公示期满公司"), decided_on=dt.date(2023, 1, 5))
    await f.penalty(await f.enterprise("已修复公司"), repaired_at=clock.now())
    await f.penalty(await f.enterprise("仅警告公司"), severity=Severity.WARNING)
    await f.list_entry(await f.enterprise("名录草稿公司"), state=f.DRAFT)
    await f.list_entry(await f.enterprise("名录已修复公司"), repaired_at=clock.now())

    for path in ("/exports/penalties.csv", "/exports/penalties.xlsx",
                 "/exports/lists/abnormal.csv", "/exports/lists/abnormal.xlsx"):
        response = await client.get(path)
        rows = read_csv(response) if path.endswith(".csv") else read_xlsx(response)
        text = text_of(rows)
        for absent in ("草稿公司", "审核中公司", "定时发布公司", "已撤回公司", "公示期满公司",
                       "已修复公司", "仅警告公司", "名录草稿公司", "名录已修复公司"):
            assert absent not in text, (path, absent)
    assert "公示中公司" in text_of(read_csv(await client.get("/exports/penalties.csv")))


async def test_personal_data_typed_into_a_penalty_never_reaches_an_export(
    client: httpx.AsyncClient,
) -> None:
    dept = await f.department()
    ent = await f.enterprise("隐私测试商贸有限公司")
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    values = f.penalty_values(ent, content="罚款人民币五千元，当事人身份证号11010519491231002X。")
    revision = await services.save_draft(editor, "penalty", values, department_id=dept.id)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "penalty", revision.object_id, action)

    csv_text = text_of(read_csv(await client.get("/exports/penalties.csv")))
    xlsx_text = text_of(read_xlsx(await client.get("/exports/penalties.xlsx")))
    for text in (csv_text, xlsx_text):
        assert "隐私测试商贸有限公司" in text  # the penalty is there …
        for secret in ("13912345678", "11010519491231002X", "张三丰"):  # … its secrets are not
            assert secret not in text
        assert MARKER in text and "张某" in text


# --- filters -------------------------------------------------------------------------------


async def test_the_list_page_filters_apply(client: httpx.AsyncClient) -> None:
    city = await f.department("金华市市场监督管理局", "330700")
    await f.penalty(await f.enterprise("一般处罚公司"), decided_on=dt.date(2025, 2, 1))
    await f.penalty(await f.enterprise("严重处罚公司", region_code="330702"),
                    severity=Severity.SERIOUS, decided_on=dt.date(2024, 9, 1), dept=city)
    await f.result(await f.enterprise("责令改正公司"), code=ResultCode.CORRECTED)
    await f.result(await f.enterprise("未发现问题公司"), on=dt.date(2024, 5, 1))
    await f.list_entry(await f.enterprise("已移出公司"), removed_on=dt.date(2025, 3, 1))
    await f.list_entry(await f.enterprise("仍在名录公司"))
    await f.regulation("有效的规章")
    await f.regulation("已废止的规章", validity=Validity.REPEALED)
    await f.joint_plan("联合抽查计划", participants=(city, await f.department("浦江县市场监督管理局")))
    await f.plan("县局自己的计划")

    async def names(path: str) -> str:
        return text_of(read_csv(await client.get(path))[1:])

    cases = [
        ("/exports/penalties.csv?severity=SERIOUS", "严重处罚公司", "一般处罚公司"),
        ("/exports/penalties.csv?from=2025-01-01", "一般处罚公司", "严重处罚公司"),
        ("/exports/penalties.csv?region=330782", "一般处罚公司", "严重处罚公司"),
        (f"/exports/penalties.csv?department={city.id}", "严重处罚公司", "一般处罚公司"),
        ("/exports/inspection-results.csv?result=CORRECTED", "责令改正公司", "未发现问题公司"),
        ("/exports/inspection-results.csv?year=2024", "未发现问题公司", "责令改正公司"),
        ("/exports/lists/abnormal.xlsx?active=no", "已移出公司", "仍在名录公司"),
        ("/exports/regulations.csv?validity=REPEALED", "已废止的规章", "有效的规章"),
        (f"/exports/sampling-plans.xlsx?department={city.id}", "联合抽查计划", "县局自己的计划"),
    ]
    for path, present, absent in cases:
        found = (text_of(read_xlsx(await client.get(path))[1:]) if ".xlsx" in path
                 else await names(path))
        assert present in found and absent not in found, path
    joint = read_csv(await client.get(f"/exports/sampling-plans.csv?department={city.id}"))
    assert len(joint) == 2 and joint[1][3] == "金华市市场监督管理局、浦江县市场监督管理局"
    # paging parameters of the list page are not filters: the whole filtered list is exported
    assert "严重处罚公司" in await names("/exports/penalties.csv?after=abc&first=1")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/exports/penalties.csv?severity=WARNING", "处罚类别的取值“WARNING”无效"),
        ("/exports/penalties.xlsx?from=01/03/2025", "决定日期（起）“01/03/2025”不是有效日期"),
        ("/exports/inspection-results.csv?region=义乌", "行政区划代码“义乌”无效"),
        ("/exports/penalties.csv?from=2025-06-01&to=2025-01-01", "起始日期不能晚于结束日期"),
        ("/exports/lists/serious-dishonesty.xlsx?active=maybe", "是否仍在名录中的取值“maybe”无效"),
        ("/exports/sampling-plans.csv?year=99999", "年度“99999”无效"),
    ],
)
async def test_bad_filters_answer_with_the_list_page_and_400(
    client: httpx.AsyncClient, path: str, message: str
) -> None:
    await f.penalty(await f.enterprise())
    response = await client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in response.headers and "public" not in response.headers.get(
        "cache-control", "")
    page = parse(response)
    assert message in page.text
    list_page = path.split("?")[0].removeprefix("/exports").rsplit(".", 1)[0]
    form = next(e for e in page.all("form") if e.attrs.get("role") == "search"
                and e.attrs.get("class") == "filters")
    assert form.attrs["action"] == list_page  # the filter form still sends to the list page


# --- the cap -------------------------------------------------------------------------------


async def test_the_cap_is_honoured_and_said_in_the_file_and_a_header(
    client: httpx.AsyncClient, max_rows: Callable[[int], None]
) -> None:
    max_rows(3)
    for n in range(5):
        await f.penalty(await f.enterprise(f"处罚公司{n}"), decided_on=dt.date(2025, 3, 1 + n))

    response = await client.get("/exports/penalties.csv")
    rows = read_csv(response)
    assert response.headers["x-export-truncated"] == "true"
    assert response.headers["x-export-row-limit"] == "3"
    assert [r[1] for r in rows[1:4]] == ["处罚公司4", "处罚公司3", "处罚公司2"]  # the list's order
    assert len(rows) == 5 and rows[4][0].startswith("注：符合条件的记录超过 3 条")

    rows = read_xlsx(await client.get("/exports/penalties.xlsx"))
    assert [r[1] for r in rows[1:4]] == ["处罚公司4", "处罚公司3", "处罚公司2"]
    assert rows[-1][0].startswith("注：符合条件的记录超过 3 条") and len(rows) == 6  # blank row

    filtered = await client.get("/exports/penalties.csv?from=2025-03-03")  # exactly 3 rows
    assert len(read_csv(filtered)) == 4 and "x-export-truncated" not in filtered.headers


async def test_rows_are_read_in_keyset_batches_in_the_list_order(db_clean: None) -> None:
    """Batches of 2 across the two passes a nullable sort key needs (undated regulations
    last), with the cap falling inside the second pass: no row twice, none missed."""
    for year in (2019, 2021, 2020):
        await f.regulation_with(f"{year}年的规章", issued_on=dt.date(year, 1, 1))
    for n in range(3):
        await f.regulation_with(f"未注明日期的规章{n}", issued_on=None)
    kind = exports.KINDS["regulations"]

    export = await exports.open_export(kind, {}, max_rows=5, batch_size=2)
    with count_queries() as statements:
        batches = [batch async for batch in export.batches()]
    titles = [row[0] for batch in batches for row in batch]
    assert titles == ["2021年的规章", "2020年的规章", "2019年的规章", "未注明日期的规章2",
                      "未注明日期的规章1"]
    assert [len(b) for b in batches] == [2, 1, 2] and export.truncated
    # per batch: its rows and one lookup of regions (none here); then one "is there more?"
    assert len(statements) <= 2 * len(batches) + 1

    everything = await exports.open_export(kind, {"title": "规章"}, max_rows=6, batch_size=2)
    assert len([r async for b in everything.batches() for r in b]) == 6
    assert not everything.truncated


async def test_an_export_runs_a_fixed_number_of_queries_per_batch(db_clean: None) -> None:
    for n in range(12):
        await f.result(await f.enterprise(), item_id=(await f.item()).id, on=dt.date(2025, 5, 1 + n))
    kind = exports.KINDS["inspection-results"]

    async def statements(batch_size: int) -> int:
        export = await exports.open_export(kind, {}, max_rows=100, batch_size=batch_size)
        with count_queries() as sql:
            rows = [r async for b in export.batches() for r in b]
        assert len(rows) == 12
        return len(sql)

    # per batch: its rows, their enterprises and their public items (no task: no query);
    # departments come from the reference cache (one query while it is cold); then one query
    # finds that nothing follows the last full batch
    assert await statements(6) <= 2 * 3 + 2
    assert await statements(3) <= 4 * 3 + 2


async def test_bad_filter_values_are_refused_by_the_domain_too(db_clean: None) -> None:
    kind = exports.KINDS["penalties"]
    for bad in ({"severity": "warning!"}, {"date_from": "yesterday"}, {"department_id": "x"},
                {"unknown": "1"}, {"active": True}):
        with pytest.raises(InvalidInput):
            await exports.open_export(kind, bad, max_rows=10)
    export = await exports.open_export(kind, {"department_id": "99999999999"}, max_rows=10)
    assert [r async for b in export.batches() for r in b] == []  # cannot exist: nothing, no error


# --- on the list pages ---------------------------------------------------------------------


async def test_list_pages_link_to_their_downloads_with_the_current_filters(
    client: httpx.AsyncClient,
) -> None:
    await f.penalty(await f.enterprise(), severity=Severity.SERIOUS)
    page = parse(await client.get("/penalties?severity=SERIOUS&after=&region="))
    assert "/exports/penalties.csv?severity=SERIOUS" in page.links()
    assert "/exports/penalties.xlsx?severity=SERIOUS" in page.links()
    assert "最多 50,000 条" in page.text

    await f.list_entry(await f.enterprise(), kind=ListKind.SERIOUS_DISHONESTY)
    links = parse(await client.get("/lists/serious-dishonesty")).links()
    assert "/exports/lists/serious-dishonesty.csv" in links

    empty = parse(await client.get("/penalties?severity=GENERAL"))  # nothing to download
    assert not [link for link in empty.links() if link.startswith("/exports/")]
    refused = parse(await client.get("/penalties?from=bad"))
    assert not [link for link in refused.links() if link.startswith("/exports/")]


async def test_a_large_export_is_not_kept_in_the_answer_cache(
    db_clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer cache keeps no answer above its size limit (512 kB): a file streams through
    it without being held in memory."""
    monkeypatch.setattr(response_cache, "MAX_ANSWER", 300)
    for n in range(20):
        await f.penalty(await f.enterprise(f"缓存测试公司{n}"))
    answers = AnswerCache(ttl=30)
    answers.set_epoch((*await outbox.change_marks(), clock.today()))
    app = ResponseCacheMiddleware(create_app(manage_db=False), answers)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
        first, second = [await web.get("/exports/penalties.csv") for _ in range(2)]
    assert len(first.content) > 300 and first.content == second.content
    assert len(read_csv(first)) == 21
    assert answers.hits == 0 and len(answers.entries) == 0


async def test_an_abandoned_excel_download_leaves_no_temporary_files(
    db_clean: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where xlsxwriter's files go
    for n in range(3):
        await f.penalty(await f.enterprise(f"下载中断公司{n}"))
    export = await exports.open_export(exports.KINDS["penalties"], {}, max_rows=10, batch_size=1)
    chunks = exports.xlsx_chunks(export)
    assert (await anext(chunks)).startswith(b"PK")  # a zip: the workbook is assembled …
    assert list(tmp_path.iterdir())  # … in its own temporary directory
    await chunks.aclose()  # the client went away
    assert list(tmp_path.iterdir()) == []
