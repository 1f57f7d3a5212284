from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from portal.core.errors import InvalidInput
from portal.core.ids import make_uscc
from portal.sampling import draws

SEED = bytes(range(32))
CODES = [make_uscc("9", "1", "330782", f"MA{n:06d}") for n in range(500)]


def strata() -> list[draws.Stratum]:
    return [draws.Stratum("S1", CODES[:300], Decimal("10")),
            draws.Stratum("S2", CODES[300:], Decimal("3.5"))]


def inspectors(conflict_with: str | None = None) -> list[draws.Inspector]:
    out = [draws.Inspector(f"I{n}", frozenset({"food"} if n % 2 else {"food", "drug"}))
           for n in range(10)]
    if conflict_with:
        out[0] = dataclasses.replace(out[0], conflicts=frozenset({conflict_with}))
    return out


def test_quota_rounds_up_exactly() -> None:
    assert draws.quota(300, Decimal("10")) == 30
    assert draws.quota(200, Decimal("3.5")) == 7
    assert draws.quota(1001, Decimal("5")) == 51
    assert draws.quota(3, Decimal("100")) == 3
    assert draws.quota(0, Decimal("5")) == 0
    with pytest.raises(InvalidInput):
        draws.quota(10, Decimal("120"))


def test_draw_is_deterministic_and_independent_of_input_order() -> None:
    first = draws.draw("7", SEED, strata(), inspectors())
    shuffled = [draws.Stratum(s.label, list(reversed(s.members)), s.ratio_percent)
                for s in reversed(strata())]
    second = draws.draw("7", SEED, shuffled, inspectors())
    assert first.selected == second.selected and first.assignments == second.assignments
    assert [len(p) for p in first.selected.values()] == [30, 7]


def test_another_seed_or_task_gives_another_draw() -> None:
    base = draws.draw("7", SEED, strata()).selected
    assert draws.draw("8", SEED, strata()).selected != base
    assert draws.draw("7", bytes(32), strata()).selected != base


def test_every_target_gets_two_qualified_inspectors() -> None:
    result = draws.draw("7", SEED, strata(), inspectors(), required=frozenset({"drug"}))
    qualified = {i.id for i in inspectors() if "drug" in i.qualifications}
    assert len(result.assignments) == 37
    for team in result.assignments.values():
        assert len(team) == 2 and len(set(team)) == 2 and set(team) <= qualified


def test_conflicted_inspector_is_replaced_by_the_next_in_order() -> None:
    plain = draws.draw("7", SEED, strata(), inspectors())
    target = next(code for code, team in plain.assignments.items() if "I0" in team)
    recused = draws.draw("7", SEED, strata(), inspectors(conflict_with=target))
    assert "I0" not in recused.assignments[target]
    assert draws.Recusal(target, "I0") in recused.recusals
    others = {c: t for c, t in recused.assignments.items() if c != target}
    assert others == {c: t for c, t in plain.assignments.items() if c != target}


def test_too_few_inspectors_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="检查人员不足"):
        draws.draw("7", SEED, strata(), inspectors()[:1])


def test_duplicate_candidate_is_refused() -> None:
    with pytest.raises(InvalidInput, match="不止一次"):
        draws.draw("7", SEED, [draws.Stratum("S1", CODES[:5] + CODES[:1], Decimal("50"))])


def test_verification_accepts_the_real_draw() -> None:
    published = draws.draw("7", SEED, strata(), inspectors())
    assert draws.verify(published, SEED, strata(), inspectors()) == []
    assert draws.verify(published, SEED) == []  # without the frame: keys, order, cutoffs


def test_tampering_is_detected() -> None:
    published = draws.draw("7", SEED, strata())
    assert "种子承诺" in draws.verify(published, bytes(32), strata())[0]
    altered_frame = [draws.Stratum("S1", CODES[:299], Decimal("10")), strata()[1]]
    assert "名录摘要" in draws.verify(published, SEED, altered_frame)[0]
    swapped = dataclasses.replace(published, selected={
        **published.selected,
        "S1": [draws.Pick(CODES[299], published.selected["S1"][0].key),
               *published.selected["S1"][1:]],
    })
    assert draws.verify(swapped, SEED, strata())
    assert draws.verify(swapped, SEED)  # caught even without the frame
