from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.core.ids import (
    CodeStatus,
    check_registration_number,
    check_uscc,
    make_registration_number,
    make_uscc,
)


def test_known_valid_code() -> None:
    assert check_uscc("91110000600037341L").status is CodeStatus.VALID


def test_full_width_and_spaces_are_normalised() -> None:
    checked = check_uscc(" ９１１１００００６０００３７３４１ｌ ")
    assert checked.code == "91110000600037341L"
    assert checked.status is CodeStatus.VALID


@pytest.mark.parametrize("first", ["A", "N", "Y"])
def test_authorities_that_stdnum_rejects_are_accepted(first: str) -> None:
    code = make_uscc(first, "1", "330782", "MA2E3K7P")
    assert code[0] == first
    assert check_uscc(code).status is CodeStatus.VALID


def test_wrong_check_character_is_a_pilot_warning_not_an_error() -> None:
    checked = check_uscc("91110000600037341A")
    assert checked.status is CodeStatus.PILOT
    assert checked.warning and "L" in checked.warning


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请输入"),
        ("9111000060003734", "18位"),
        ("9111000060003734IL", "不允许的字符"),
        ("Z1110000600037341L", "不允许的字符"),
        ("B1110000600037341L", "登记管理部门"),
        ("91AB0000600037341L", "行政区划"),
    ],
)
def test_invalid_codes_say_what_is_wrong(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_uscc(raw)
    assert fragment in caught.value.message


def test_registration_number_check_digit() -> None:
    good = make_registration_number("33078200012345")
    assert check_registration_number(good) == good
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidInput):
        check_registration_number(bad)
