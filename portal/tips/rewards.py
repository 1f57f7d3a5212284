"""Report-reward calculator (staff aid): grade percentage of fines and confiscations, with a
floor and a cap, figures from the rule table (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.core.errors import InvalidInput


@dataclass(frozen=True)
class RewardRule:
    grade: int
    percent: Decimal
    minimum: Decimal
    cap: Decimal


DEFAULT_RULES = {
    1: RewardRule(1, Decimal("5"), Decimal("5000"), Decimal("1000000")),
    2: RewardRule(2, Decimal("3"), Decimal("3000"), Decimal("1000000")),
    3: RewardRule(3, Decimal("1"), Decimal("1000"), Decimal("1000000")),
}


@dataclass(frozen=True)
class Reward:
    amount: Decimal
    explanation: str


def calculate(grade: int, fines: Decimal, confiscations: Decimal = Decimal(0),
              rules: dict[int, RewardRule] | None = None) -> Reward:
    rule = (rules or DEFAULT_RULES).get(grade)
    if rule is None:
        raise InvalidInput("奖励等级应为一级、二级或三级。", field="grade")
    if fines < 0 or confiscations < 0:
        raise InvalidInput("罚没款金额不能为负数。", field="fines")
    base = fines + confiscations
    raw = (base * rule.percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    amount = min(max(raw, rule.minimum), rule.cap)
    why = f"{grade}级：罚没款 {base} 元 × {rule.percent}% = {raw} 元"
    if raw < rule.minimum:
        why += f"，低于下限，按 {rule.minimum} 元"
    elif raw > rule.cap:
        why += f"，超过上限，按 {rule.cap} 元"
    return Reward(amount, why)
