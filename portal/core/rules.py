"""Display windows from the versioned rule table (DESIGN §6).

The figures live in the database (seeded by :data:`DEFAULT_RULES`, editable by staff later);
code only does date arithmetic with whichever row was in force on the decision date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from portal.core.errors import InvalidInput
from portal.core.models import DisplayRule, RuleSubject


@dataclass(frozen=True)
class Window:
    displayed_until: dt.date | None  # None: not displayed at all
    repairable_from: dt.date | None  # None: repair not possible
    rule_id: int


# (subject, category, effective_from, min_months, max_months, regime, note)
DEFAULT_RULES: list[tuple[RuleSubject, str, dt.date, int | None, int, str, str]] = [
    (RuleSubject.PENALTY, "general", dt.date(2019, 7, 1), 3, 12,
     "国家发展改革委令第58号（2023）；市场监管总局令第107号（2025）",
     "一般失信行为行政处罚：最短3个月，最长1年，最短期满后可申请修复（待核实）"),
    (RuleSubject.PENALTY, "serious", dt.date(2019, 7, 1), 12, 36,
     "国家发展改革委令第58号（2023）；市场监管总局令第107号（2025）",
     "严重失信行为行政处罚：最短1年，最长3年（待核实）"),
    (RuleSubject.PENALTY, "warning", dt.date(2019, 7, 1), None, 0,
     "市场监管总局令第45号", "仅受警告处罚的不予公示"),
    (RuleSubject.LIST_ENTRY, "abnormal", dt.date(2019, 7, 1), 0, 36,
     "企业信息公示暂行条例；经营异常名录管理办法",
     "列入经营异常名录：改正后可随时申请移出；满3年未移出的不再作为异常名录公示（待核实）"),
    (RuleSubject.LIST_ENTRY, "serious_dishonesty", dt.date(2019, 7, 1), 12, 36,
     "市场监督管理严重违法失信名单管理办法（总局令第44号）",
     "列入严重违法失信名单：满1年可申请提前移出，满3年移出（待核实）"),
]


async def seed_default_rules() -> int:
    """Insert the default rule rows that are missing; returns how many were added."""
    added = 0
    for subject, category, effective, min_m, max_m, regime, note in DEFAULT_RULES:
        _, created = await DisplayRule.get_or_create(
            subject=subject,
            category=category,
            effective_from=effective,
            defaults={"min_months": min_m, "max_months": max_m, "regime": regime, "note": note},
        )
        added += int(created)
    return added


async def rule_in_force(subject: RuleSubject, category: str, on: dt.date) -> DisplayRule:
    rule = (
        await DisplayRule.filter(subject=subject, category=category, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise InvalidInput(f"规则表中没有 {on} 适用的“{subject}/{category}”公示规则。")
    return rule


def window_from(rule: DisplayRule, start: dt.date) -> Window:
    """Apply a rule to a start date (decision or listing date)."""
    if rule.max_months <= 0:
        return Window(None, None, rule.id)
    until = start + relativedelta(months=rule.max_months) - dt.timedelta(days=1)
    repair = None if rule.min_months is None else start + relativedelta(months=rule.min_months)
    return Window(until, repair, rule.id)


async def compute_window(subject: RuleSubject, category: str, start: dt.date) -> Window:
    return window_from(await rule_in_force(subject, category, start), start)
