"""Folding, segmentation, pinyin and highlighting: what makes Chinese queries match."""

from __future__ import annotations

import pytest

from search import highlight, pinyin, text


@pytest.mark.parametrize(("raw", "folded"), [
    ("應急管理廳", "应急管理厅"),  # traditional → simplified
    ("应急管理厅", "应急管理厅"),  # simplified stays
    ("臺灣銀行", "台湾银行"),
    ("ＡＢＣ１２３", "abc123"),  # full-width → half-width, case folded
    ("ISO９００１", "iso9001"),
    ("（集团）", "(集团)"),
])
def test_fold_maps_traditional_full_width_and_case(raw: str, folded: str) -> None:
    assert text.fold(raw) == folded


def test_both_directions_match_because_both_sides_fold() -> None:
    traditional_doc, simplified_doc = "加強煤礦安全監管", "加强煤矿安全监管"
    assert text.fold("煤矿") in text.fold(traditional_doc)
    assert text.fold("煤礦") in text.fold(simplified_doc)


def test_fold_keeps_length_so_offsets_map_back() -> None:
    folded, origin = text.fold_aligned("山西省應急管理廳")
    assert folded == "山西省应急管理厅" and origin is None
    folded, origin = text.fold_aligned("ＡＢ㈠应急")  # ㈠ expands to three characters
    assert folded == "ab(一)应急"
    assert origin is not None and origin[folded.index("应")] == 3


def test_segments_and_grams() -> None:
    assert text.segments(text.fold("事中事后，监管！！ ＡＢ")) == ["事中事后", "监管", "ab"]
    assert text.segments("，。！？——……") == []
    assert text.grams("监管") == ["监管"]
    assert text.grams("事中事后") == ["事中", "中事", "事后"]
    assert text.grams("药") == ["药"]


def test_pinyin_tokens_cover_full_syllables_and_initials() -> None:
    tokens = pinyin.tokens("中国石化销售有限公司")
    assert "zhongguoshihuaxiaoshouyouxiangongsi" in tokens.head
    assert "zgshxsyxgs" in tokens.head
    assert "shihuaxiaoshouyouxiangongsi" in tokens.suffixes  # from the third syllable
    assert pinyin.tokens("重庆银行").head[0] == "chongqingyinhang"  # polyphone read in context


def test_pinyin_match_span_maps_back_to_characters() -> None:
    name = "中国石化销售有限公司"
    assert pinyin.match_span(name, "zgsh") == (0, 4)
    assert pinyin.match_span(name, "zhongguo") == (0, 2)
    assert pinyin.match_span(name, "shihua") == (2, 4)
    assert pinyin.match_span(name, "xyz") is None


def test_highlight_escapes_and_marks_traditional_text_for_a_simplified_query() -> None:
    marked = highlight.mark("山西省應急管理廳<通知>", ["应急"])
    assert marked.html == "山西省<mark>應急</mark>管理廳&lt;通知&gt;"


def test_snippet_is_a_window_around_the_first_match() -> None:
    body = "前言" * 100 + "销售不合格的电热水壶" + "后记" * 100
    snip = highlight.snippet(body, ["电热水壶"])
    assert "<mark>电热水壶</mark>" in snip.html
    assert snip.plain.startswith("…") and snip.plain.endswith("…")
    assert len(snip.plain) <= highlight.SNIPPET_CHARS + 2


def test_snippet_without_a_match_starts_at_the_beginning() -> None:
    snip = highlight.snippet("<b>不匹配</b>的正文", ["完全无关"])
    assert snip.html == "&lt;b&gt;不匹配&lt;/b&gt;的正文"
