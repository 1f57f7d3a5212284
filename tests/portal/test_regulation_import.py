"""The page-capture importer on the three real captures, damaged text and garbage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portal.core import clock
from portal.core.models import AuditEntry, OutboxEvent
from portal.regulations.importer import (
    ImportProblem,
    ParsedRegulation,
    import_capture,
    parse_capture,
    read_capture,
    repair_opening,
)
from portal.regulations.queries import public_regulations
from tests import factories

CAPTURES = Path(__file__).resolve().parents[2] / "portal" / "demo" / "data" / "regulations"
DEHUI, EZHOU, SHANXI = (
    CAPTURES / "000_0f702b5a3dc1660c.txt",
    CAPTURES / "001_93d8e7b58c8be57c.txt",
    CAPTURES / "002_6aa263c31be9da58.txt",
)
pytestmark = pytest.mark.anyio
BOILERPLATE = ("注册 | 登录", "一网搜", "【字体", "打印", "扫一扫", "在手机上查看", "世界食品網", "核心提示",
               "反對 0", "舉報 0", "更多>", "同類資訊", "鹽池灘羊", "標簽", "日期:", "地區:", "索  引  号")


def parse(path: Path) -> ParsedRegulation:
    return parse_capture(read_capture(path))


@pytest.mark.parametrize(
    ("path", "title", "doc_number", "issuer", "issued", "published"),
    [
        (DEHUI, "德惠市人民政府关于加强政府监管工作的意见", "德府发〔2018〕50号", "德惠市人民政府",
         dt.date(2018, 12, 18), dt.date(2018, 12, 25)),
        (EZHOU, "市人民政府办公室印发关于加强和规范事中事后监管实施方案的通知", "鄂州政办发〔2021〕9号",
         "鄂州市人民政府办公室", dt.date(2021, 4, 19), dt.date(2021, 4, 21)),
        (SHANXI, "山西省應急管理廳關于貫徹落實《山西省人民政府關于加強和規范事中事后監管的實施意見》的通知", "",
         "山西省應急管理廳", dt.date(2020, 5, 22), dt.date(2020, 6, 2)),
    ],
    ids=["dehui", "ezhou", "shanxi"],
)
def test_metadata_is_detected(
    path: Path, title: str, doc_number: str, issuer: str, issued: dt.date, published: dt.date
) -> None:
    parsed = parse(path)
    assert (parsed.title, parsed.doc_number, parsed.issuer) == (title, doc_number, issuer)
    assert (parsed.issued_on, parsed.published_on) == (issued, published)


@pytest.mark.parametrize("path", [DEHUI, EZHOU, SHANXI], ids=["dehui", "ezhou", "shanxi"])
def test_boilerplate_is_gone_and_the_title_is_not_in_the_body(path: Path) -> None:
    parsed = parse(path)
    for fragment in BOILERPLATE:
        assert fragment not in parsed.body, fragment
    assert parsed.title not in parsed.paragraphs
    assert all(p == p.strip() and p for p in parsed.paragraphs)


def test_the_body_keeps_the_document() -> None:
    dehui = parse(DEHUI)
    assert dehui.paragraphs[0] == "各乡(镇)人民政府,各街道办事处,市政府各办局,各直属单位:"
    assert "现就加强政府监管工作提出如下意见。" in dehui.body
    assert dehui.paragraphs[-2:] == ("德惠市人民政府", "2018年12月18日")
    assert dehui.published_time == dt.time(10, 46) and dehui.source == "政府办"
    ezhou = parse(EZHOU)
    assert "形成市场自律、政府监管、社会监督互为支撑的协同监管格局" in ezhou.body
    assert "依托鄂州城市大脑第一批“1+6”建设项目" in ezhou.body  # the key-task annex
    assert ezhou.paragraphs[-1] == "2021.12"


def test_the_traditional_capture_stays_traditional_and_its_openings_are_repaired() -> None:
    parsed = parse(SHANXI)
    assert parsed.paragraphs[0] == "各市應急局,機關各處室、有關直屬單位:"
    assert "現將有關事項通知如下" in parsed.body and "应急" not in parsed.body
    assert parsed.repaired == 17
    assert any(p.startswith("（二）厘清監管責任。對“一枚印章管審批”后實現審管分離") for p in parsed.paragraphs)
    assert "（四）對重點領域實行重點監管。" in parsed.body  # GBK-only private-use bytes
    assert not [p for p in parsed.paragraphs if p.startswith("?")]
    # One pair was destroyed outright: marked, and the entity that lost its "&" restored.
    assert "（三）全面實〓“雙隨機、一公開”監管。" in parsed.body
    assert parsed.paragraphs[-2:] == ("山西省應急管理廳", "2020年5月22日")


def test_repair_leaves_ordinary_and_unprovable_text_alone() -> None:
    assert repair_opening("（一）正常段落。") == ("（一）正常段落。", False)
    assert repair_opening("?。你好abc") == ("?。你好abc", False)  # no misalignment artefacts
    assert repair_opening("?。ㄒ唬") == ("?。ㄒ唬", False)  # decodes to a dangling byte


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "为空"),
        ("  \n\u3000\n", "为空"),
        ("".join(chr(i) for i in range(1, 32)) * 20, "不是可识别的文本"),
        ("lorem ipsum " * 50, "未找到中文正文"),
        ("各单位：\n  这是一段没有标题的正文内容，用于测试导入程序在缺少标题时给出清楚的提示。", "标题"),
    ],
    ids=["empty", "blank", "control", "latin", "untitled"],
)
def test_unusable_text_raises_a_clear_problem(text: str, message: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        parse_capture(text)
    assert message in caught.value.message and caught.value.code == "import_problem"


def test_unreadable_files_raise_a_clear_problem(tmp_path: Path) -> None:
    binary = tmp_path / "page.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportProblem, match="二进制"):
        read_capture(binary)
    with pytest.raises(ImportProblem, match="无法读取"):
        read_capture(tmp_path / "missing.txt")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(DEHUI.read_text(encoding="utf-8").encode("gb18030"))
    assert parse(gbk).doc_number == "德府发〔2018〕50号"


def test_demo_metadata_table_covers_the_captures() -> None:
    table = json.loads((CAPTURES / "metadata.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(table) == sorted(p.name for p in CAPTURES.glob("*.txt"))
    for name, entry in table.items():
        parsed = parse(CAPTURES / name)
        meta = entry["metadata"]
        assert (meta["doc_number"], meta["issued_on"], meta["published_on"]) == (
            parsed.doc_number, str(parsed.issued_on), str(parsed.published_on))


async def test_import_creates_a_published_audited_regulation(db_clean: None) -> None:
    dept = await factories.department("山西省应急管理厅", "330782")
    row = await import_capture(SHANXI, department=dept, overrides={"issuer": "山西省应急管理厅"})
    assert row.issuer == "山西省应急管理厅" and row.title.startswith("山西省應急管理廳關于")
    assert row.published_at == dt.datetime(2020, 6, 2, tzinfo=clock.CST)
    assert row.source_note == "页面采集：002_6aa263c31be9da58.txt"
    assert [r.id for r in await public_regulations()] == [row.id]
    entry = await AuditEntry.get(action="regulation.import")
    assert entry.subject_id == str(row.id) and entry.after and entry.after["repaired_openings"] == 17
    assert await OutboxEvent.filter(kind="regulation", object_id=str(row.id)).exists()


async def test_import_keeps_the_captured_time_and_rejects_bad_overrides(db_clean: None) -> None:
    row = await import_capture(DEHUI)
    assert row.published_at == dt.datetime(2018, 12, 25, 10, 46, tzinfo=clock.CST)
    assert row.source_note.endswith("来源：政府办")
    with pytest.raises(ImportProblem, match="不支持覆盖"):
        await import_capture(DEHUI, overrides={"body": "x"})
    with pytest.raises(ImportProblem, match="日期"):
        await import_capture(DEHUI, overrides={"issued_on": "2018-13-40"})
