from __future__ import annotations

import pytest

from portal.core.ids import make_uscc
from portal.core.redaction import MARKER, PrivacyKind, apply, propose, redact


def kinds(text: str) -> list[PrivacyKind]:
    return [m.kind for m in propose(text)]


def test_resident_id_with_valid_check_digit_is_masked() -> None:
    text = "当事人身份证号码11010519491231002X，已到案。"
    assert redact(text) == f"当事人身份证号码{MARKER}，已到案。"


def test_resident_id_with_wrong_check_digit_is_left_alone() -> None:
    assert PrivacyKind.RESIDENT_ID not in kinds("编号110105194912310021")


@pytest.mark.parametrize("phone", ["13812345678", "138 1234 5678", "138-1234-5678", "+86 13812345678"])
def test_mobile_numbers(phone: str) -> None:
    assert redact(f"联系电话：{phone}。") == f"联系电话：{MARKER}。"


@pytest.mark.parametrize("phone", ["0579-85123456", "(0579)85123456", "（010）62345678", "057985123456"])
def test_landline_numbers(phone: str) -> None:
    assert kinds(f"电话{phone}") == [PrivacyKind.LANDLINE]


def test_service_hotlines_are_not_personal() -> None:
    assert propose("请拨打12315或12345热线反映。") == []


def test_bank_card_needs_luhn() -> None:
    assert kinds("转账至6222021234567890128") == [PrivacyKind.BANK_CARD]
    assert kinds("卡号 6222 0212 3456 7890 128") == [PrivacyKind.BANK_CARD]
    assert PrivacyKind.BANK_CARD not in kinds("编号6222021234567890127")


def test_credit_codes_are_never_masked() -> None:
    digits_only = next(c for n in range(10_000)
                       if (c := make_uscc("9", "1", "330782", f"{n:08d}")).isdigit())
    assert propose(f"统一社会信用代码{digits_only}") == []
    assert propose("统一社会信用代码91330782MA2E3K7P3X") == []


def test_email() -> None:
    assert redact("邮箱 zhang.san@example.com 联系") == f"邮箱 {MARKER} 联系"


def test_home_address_after_a_cue() -> None:
    text = "当事人住址：浙江省义乌市稠城街道某某路18号3单元502室，"
    masks = propose(text)
    assert [m.kind for m in masks] == [PrivacyKind.ADDRESS]
    assert "502室" not in apply(text, masks)


def test_business_address_without_a_cue_is_public() -> None:
    assert propose("经营场所位于义乌市福田街道商城大道1号") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当事人张三销售过期食品", "当事人张某销售过期食品"),
        ("法定代表人：李小龙。", "法定代表人：李某。"),
        ("举报人欧阳明反映", "举报人欧阳某反映"),
        ("王女士投诉称", "王某女士投诉称"),
    ],
)
def test_natural_person_names_become_surname_mou(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_enterprise_names_after_a_cue_are_not_people() -> None:
    assert propose("当事人张氏食品有限公司销售过期食品") == []


def test_overlaps_keep_the_stronger_kind() -> None:
    masks = propose("身份证11010519491231002X")
    assert [m.kind for m in masks] == [PrivacyKind.RESIDENT_ID]


def test_masked_text_never_survives() -> None:
    text = "投诉人赵六，电话13912345678，住址：金华市婺城区某路9号，身份证11010519491231002X"
    public = redact(text)
    for secret in ("赵六", "13912345678", "某路9号", "11010519491231002X"):
        assert secret not in public
    assert public.startswith("投诉人赵某")
