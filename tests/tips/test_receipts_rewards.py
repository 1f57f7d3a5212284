from __future__ import annotations

from decimal import Decimal

import pytest

from portal.core.errors import InvalidInput
from portal.tips import receipts
from portal.tips.rewards import calculate

CHEAP = receipts.ArgonCost(time_cost=1, memory_kib=1024)
SALT = b"site-salt-for-tests-0123456789"


def test_codes_are_16_random_digits() -> None:
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 16 and c.isdigit() for c in codes)


def test_hash_is_deterministic_and_accepts_display_forms() -> None:
    code = receipts.new_code()
    stored = receipts.receipt_hash(code, SALT, CHEAP)
    assert code not in stored
    assert receipts.receipt_hash(receipts.display(code), SALT, CHEAP) == stored
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert receipts.receipt_hash(full_width, SALT, CHEAP) == stored
    assert receipts.receipt_hash(code, b"another-site-salt-xxxxxx", CHEAP) != stored


@pytest.mark.parametrize("bad", ["", "123", "1234 5678 9012 345X", "1" * 17])
def test_malformed_codes_are_clear_errors(bad: str) -> None:
    with pytest.raises(InvalidInput, match="16位数字"):
        receipts.normalise(bad)


@pytest.mark.parametrize(
    ("grade", "fines", "expected"),
    [
        (1, "200000", "10000.00"),  # 5% of 200,000
        (1, "50000", "5000"),  # 2,500 is below the grade-1 minimum
        (2, "1000000", "30000.00"),
        (3, "10000", "1000"),  # 100 is below the grade-3 minimum
        (1, "30000000", "1000000"),  # 1,500,000 is above the cap
    ],
)
def test_reward_calculation(grade: int, fines: str, expected: str) -> None:
    assert calculate(grade, Decimal(fines)).amount == Decimal(expected)


def test_confiscations_count_and_bad_grade_is_clear() -> None:
    assert calculate(2, Decimal("100000"), Decimal("100000")).amount == Decimal("6000.00")
    with pytest.raises(InvalidInput):
        calculate(4, Decimal("1"))
