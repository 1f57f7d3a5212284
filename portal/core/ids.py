"""Unified social credit codes (GB 32100) and old 15-digit registration numbers.

The check arithmetic comes from python-stdnum; we wrap it because stdnum rejects codes whose
first character is A, N or Y (valid registering authorities), and because early pilot codes fail
the check yet are legal (DESIGN §7): those are accepted with a warning.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass

from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_10

from portal.core.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Position 1: registering authority (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他, …).
AUTHORITIES = set("123456789ANY")


class CodeStatus(enum.StrEnum):
    VALID = "valid"
    PILOT = "pilot"  # well formed, check character does not match: early pilot-era code


@dataclass(frozen=True)
class CheckedCode:
    code: str
    status: CodeStatus
    warning: str | None = None


def normalise(raw: str) -> str:
    """Full-width → half-width, strip spaces and hyphens, upper-case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch not in " -\t\r\n").upper()


def check_character(first17: str) -> str:
    return stdnum_uscc.calc_check_digit(first17)


def check_uscc(raw: str) -> CheckedCode:
    """Validate a credit code; raise :class:`InvalidInput` saying exactly what is wrong."""
    code = normalise(raw)
    if not code:
        raise InvalidInput("请输入统一社会信用代码。", field="uscc")
    if len(code) != 18:
        raise InvalidInput(
            f"统一社会信用代码应为18位，您输入了{len(code)}位。", field="uscc"
        )
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        shown = "、".join(bad)
        raise InvalidInput(
            f"统一社会信用代码含有不允许的字符：{shown}（不使用 I、O、S、V、Z）。", field="uscc"
        )
    if code[0] not in AUTHORITIES:
        raise InvalidInput(
            f"第1位登记管理部门代码“{code[0]}”无效。", field="uscc"
        )
    if not code[2:8].isdigit():
        raise InvalidInput("第3至8位应为6位数字的行政区划代码。", field="uscc")
    expected = check_character(code[:17])
    if code[17] != expected:
        return CheckedCode(
            code,
            CodeStatus.PILOT,
            f"校验位应为“{expected}”而非“{code[17]}”：可能是早期试点赋码，请核对。",
        )
    return CheckedCode(code, CodeStatus.VALID)


def is_registration_number(raw: str) -> bool:
    code = normalise(raw)
    return len(code) == 15 and code.isdigit()


def check_registration_number(raw: str) -> str:
    """Old 15-digit 工商注册号 (ISO 7064 MOD 11,10 check digit)."""
    code = normalise(raw)
    if len(code) != 15 or not code.isdigit():
        raise InvalidInput("注册号应为15位数字。", field="reg_no")
    if not mod_11_10.is_valid(code):
        raise InvalidInput("注册号校验位不正确，请核对。", field="reg_no")
    return code


def make_uscc(authority: str, category: str, region: str, org9_base: str) -> str:
    """Compose a valid code from its parts (demo data, tests, benchmark generator).

    ``org9_base`` is the 8-character organisation body; its GB 11714 check character is added.
    """
    org = org9_base + organisation_check(org9_base)
    first17 = f"{authority}{category}{region}{org}"
    return first17 + check_character(first17)


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def organisation_check(body8: str) -> str:
    """GB 11714 organisation code check character (0–9 or X)."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_registration_number(first14: str) -> str:
    return first14 + mod_11_10.calc_check_digit(first14)
