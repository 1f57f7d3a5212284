from __future__ import annotations

import datetime as dt

import pytest

from portal.core.models import DisplayRule, RuleSubject
from portal.core.rules import compute_window

pytestmark = pytest.mark.anyio


async def test_general_penalty_window(db_clean: None) -> None:
    window = await compute_window(RuleSubject.PENALTY, "general", dt.date(2025, 3, 1))
    assert window.displayed_until == dt.date(2026, 2, 28)
    assert window.repairable_from == dt.date(2025, 6, 1)


async def test_serious_penalty_window(db_clean: None) -> None:
    window = await compute_window(RuleSubject.PENALTY, "serious", dt.date(2024, 2, 29))
    assert window.displayed_until == dt.date(2027, 2, 27)
    assert window.repairable_from == dt.date(2025, 2, 28)


async def test_warning_is_not_displayed(db_clean: None) -> None:
    window = await compute_window(RuleSubject.PENALTY, "warning", dt.date(2025, 3, 1))
    assert window.displayed_until is None and window.repairable_from is None


async def test_record_keeps_the_regime_in_force_on_its_decision_date(db_clean: None) -> None:
    await DisplayRule.create(
        subject=RuleSubject.PENALTY, category="general", effective_from=dt.date(2026, 1, 1),
        min_months=6, max_months=24, regime="假设的新规（测试）",
    )
    before = await compute_window(RuleSubject.PENALTY, "general", dt.date(2025, 12, 31))
    after = await compute_window(RuleSubject.PENALTY, "general", dt.date(2026, 1, 1))
    assert before.displayed_until == dt.date(2026, 12, 30)
    assert after.displayed_until == dt.date(2027, 12, 31)
    assert after.repairable_from == dt.date(2026, 7, 1)
    assert before.rule_id != after.rule_id
