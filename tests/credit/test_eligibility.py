"""Eligibility on every rule-table row and on the boundary dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from portal.core import clock
from portal.core.rules import DEFAULT_RULES
from portal.credit import eligibility, records
from portal.credit.models import ListKind, Severity
from tests import factories as f

pytestmark = pytest.mark.anyio
START = dt.date(2025, 3, 1)


async def _record(subject: str, category: str) -> records.RecordRef:
    ent = await f.enterprise()
    if subject == "penalty":
        row = await f.penalty(ent, severity=Severity(category), decided_on=START)
        return await records.load("penalty", row.id)
    entry = await f.list_entry(ent, kind=ListKind(category), listed_on=START)
    return await records.load("list_entry", entry.id)


ROWS = [(str(s), c, mn, mx) for s, c, _, mn, mx, _, _ in DEFAULT_RULES]


@pytest.mark.parametrize(("subject", "category", "min_months", "max_months"), ROWS,
                         ids=[f"{s}-{c}" for s, c, _, _ in ROWS])
async def test_every_rule_row_on_its_boundaries(
    db_clean: None, subject: str, category: str, min_months: int | None, max_months: int
) -> None:
    ref = await _record(subject, category)
    if max_months <= 0:  # warnings only: never displayed, nothing to repair
        verdict = eligibility.check(ref, START, None)
        assert not verdict.eligible and verdict.reasons[0].code == "not_displayed"
        return
    assert min_months is not None
    repair = START + relativedelta(months=min_months)
    until = START + relativedelta(months=max_months) - dt.timedelta(days=1)
    assert ref.row.repairable_from == repair and ref.row.displayed_until == until
    if repair > START:
        before = eligibility.check(ref, repair - dt.timedelta(days=1), None)
        assert not before.eligible
        assert before.reasons[0].code == "too_early"
        assert f"{repair.year}年{repair.month}月{repair.day}日" in before.reasons[0].message
        assert "还需等待1天" in before.reasons[0].message
    assert eligibility.check(ref, repair, None).eligible
    assert eligibility.check(ref, until, None).eligible
    after = eligibility.check(ref, until + dt.timedelta(days=1), None)
    assert not after.eligible and after.reasons[0].code == "window_over"


async def test_exclusions_and_obligations(db_clean: None) -> None:
    ent = await f.enterprise()
    excluded = await f.penalty(ent, decided_on=START, repair_exclusion="涉及食品安全严重违法行为")
    verdict = eligibility.check(await records.load("penalty", excluded.id), dt.date(2025, 7, 1))
    assert not verdict.eligible and "涉及食品安全严重违法行为" in verdict.reasons[0].message

    unpaid = await f.penalty(ent, decided_on=START, fine_amount=Decimal("5000"))
    verdict = eligibility.check(await records.load("penalty", unpaid.id), dt.date(2025, 7, 1))
    assert verdict.eligible and verdict.requires_proof
    paid = await f.penalty(ent, decided_on=START, fine_amount=Decimal("5000"),
                           fine_paid_on=dt.date(2025, 3, 20))
    verdict = eligibility.check(await records.load("penalty", paid.id), dt.date(2025, 7, 1))
    assert verdict.eligible and not verdict.requires_proof


async def test_repaired_record_is_not_eligible_again(db_clean: None) -> None:
    ent = await f.enterprise()
    row = await f.penalty(ent, decided_on=START, repaired_at=clock.now())
    verdict = eligibility.check(await records.load("penalty", row.id), dt.date(2025, 7, 1))
    assert not verdict.eligible and verdict.reasons[0].code == "already_repaired"
