"""Numeric rules of credit self-service, from the rule table (never literals in code).

``credit_repair.review``: the platform reviews an accepted application within N working days;
``credit_repair.decision``: the deciding authority decides within M working days of the review;
``sampling.random_checks_per_year``: random (双随机) checks of one enterprise per year, shown
to it against its count (case-triggered checks do not count).
Defaults (DESIGN §6, verify): 10, 3 and 2. A row applies from its ``effective_from`` until a
later row replaces it.
"""

from __future__ import annotations

import datetime as dt

from portal.core.errors import InvalidInput
from portal.core.workdays import Deadline, WorkdayCalendar
from portal.credit.repair_models import LimitRule

REVIEW = "credit_repair.review"
DECISION = "credit_repair.decision"
YEARLY_CHECKS = "sampling.random_checks_per_year"

DEFAULT_LIMITS: list[tuple[str, dt.date, int, str, str]] = [
    (REVIEW, dt.date(2019, 7, 1), 10, "working_days", "国办发〔2025〕22号：信用平台审核10个工作日（待核实）"),
    (DECISION, dt.date(2019, 7, 1), 3, "working_days", "国办发〔2025〕22号：认定单位决定3个工作日（待核实）"),
    (YEARLY_CHECKS, dt.date(2019, 7, 1), 2, "per_year", "低风险企业每年随机抽查不超过2次，因案件触发的检查不计入（待核实）"),
]


async def seed_default_limits() -> int:
    added = 0
    for key, effective, value, unit, source in DEFAULT_LIMITS:
        _, created = await LimitRule.get_or_create(
            key=key, effective_from=effective,
            defaults={"value": value, "unit": unit, "source": source})
        added += int(created)
    return added


async def limit(key: str, on: dt.date) -> LimitRule:
    rule = await LimitRule.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        raise InvalidInput(f"规则表中没有 {on} 适用的“{key}”规则。")
    return rule


async def due(key: str, start: dt.date, calendar: WorkdayCalendar | None = None) -> Deadline:
    """The due date ``value`` working days after ``start`` (start itself not counted)."""
    return (calendar or WorkdayCalendar()).add_workdays(start, (await limit(key, start)).value)
