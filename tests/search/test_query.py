"""Query parsing never fails on text: empty, huge, punctuation-only, hostile, codes."""

from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.core.ids import make_registration_number, make_uscc
from search.query import Filters, decode_cursor, encode_cursor, parse_query

VALID = make_uscc("9", "1", "330782", "MA2E3K7P")


def test_empty_query_has_no_segments() -> None:
    parsed = parse_query("   ", 100)
    assert parsed.segments == [] and parsed.notices == []


def test_huge_query_is_capped_with_a_notice() -> None:
    parsed = parse_query("监管" * 5000, 100)
    assert len(parsed.raw) == 100
    assert parsed.notices == ["搜索词过长，只按前100个字符搜索。"]


def test_punctuation_only_query_gets_a_notice() -> None:
    parsed = parse_query("！？……——「」*&^%$#@", 100)
    assert parsed.segments == []
    assert "标点" in parsed.notices[0]


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "' OR 1=1 --", 'kind = "penalty" OR 1', "title:*", "\x00\x1b[31m",
    "a" * 10_000, "𠀀𠀁𠀂", "\u202e反转",
])
def test_hostile_queries_parse_without_error(hostile: str) -> None:
    parsed = parse_query(hostile, 100)
    assert all(s.isalnum() for s in parsed.segments)


def test_control_characters_are_removed() -> None:
    assert parse_query("义乌\x00市\u200b", 100).raw == "义乌 市"


def test_many_words_are_capped() -> None:
    parsed = parse_query(" ".join(f"词{i}" for i in range(40)), 1000)
    assert len(parsed.segments) == 12 and parsed.notices


def test_valid_credit_code_is_recognised_with_spaces_and_full_width() -> None:
    spaced = " ".join(VALID[i:i + 4] for i in range(0, 18, 4))
    assert parse_query(spaced, 100).code == VALID
    full_width = VALID.translate({ord(c): ord(c) + 0xFEE0 for c in VALID})
    assert parse_query(full_width.lower(), 100).code == VALID


def test_pilot_code_is_accepted_with_a_warning() -> None:
    wrong_check = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    parsed = parse_query(wrong_check, 100)
    assert parsed.code == wrong_check
    assert "试点" in parsed.notices[0]


def test_invalid_credit_code_gets_a_clear_message() -> None:
    parsed = parse_query("91330782MA2E3K7PIO", 100)
    assert parsed.code is None
    assert "不是有效的统一社会信用代码" in parsed.notices[0]
    assert "I" in parsed.notices[0]


def test_registration_number() -> None:
    good = make_registration_number("33078260000012")
    parsed = parse_query(good, 100)
    assert parsed.code == good and parsed.code_is_reg_no
    bad = good[:14] + str((int(good[14]) + 1) % 10)
    assert "注册号" in parse_query(bad, 100).notices[0]


def test_cursors_round_trip_and_bad_ones_are_clear_errors() -> None:
    assert decode_cursor(encode_cursor(40)) == 40
    assert decode_cursor(None) == 0
    for bad in ("!!!", "bm9wZQ", encode_cursor(5000)):
        with pytest.raises(InvalidInput):
            decode_cursor(bad)


@pytest.mark.parametrize("kwargs", [
    {"region": "33"}, {"region": "abcdef"}, {"department": "x1"}, {"year": 20},
])
def test_bad_filters_are_clear_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        Filters(**kwargs)  # type: ignore[arg-type]
