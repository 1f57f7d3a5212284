"""Checking assignments without the private conflicts; the spec re-implementation agrees
with a draw made through the services."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from portal.core import clock
from portal.core.actors import SYSTEM
from portal.core.ids import make_uscc
from portal.enterprises.models import Enterprise
from portal.sampling import drawing, draws
from portal.sampling.directory import Inspector, InspectorConflict
from portal.sampling.records import TaskDraw
from tests import factories
from tests.portal.test_draw_spec import spec_draw

SEED = bytes(range(32))
CODES = [make_uscc("9", "1", "330782", f"MA{n:06d}") for n in range(200)]
PEOPLE = [draws.Inspector(f"I{n}", frozenset({"food"}), frozenset(CODES[n::3]))
          for n in range(9)]


def _setup(limit: int | None) -> tuple[draws.Draw, list[str], dict[str, int]]:
    strata = [draws.Stratum("S1", CODES[:120], Decimal("10")),
              draws.Stratum("S2", CODES[120:], Decimal("20"))]
    result = draws.draw("5", SEED, strata, PEOPLE, frozenset({"food"}), 2, limit)
    order = [p.uscc for label in sorted(result.selected) for p in result.selected[label]]
    counts: dict[str, int] = {}
    for r in result.recusals:
        counts[r.uscc] = counts.get(r.uscc, 0) + 1
    return result, order, counts


@pytest.mark.parametrize("limit", [None, 8])
def test_published_assignments_check_out_without_conflicts(limit: int | None) -> None:
    result, order, counts = _setup(limit)
    assert counts, "the fixture should produce recusals"
    public = [dataclasses.replace(p, conflicts=frozenset()) for p in PEOPLE]
    assert draws.verify_assignments_public("5", SEED, order, public, frozenset({"food"}),
                                           result.assignments, counts, 2, limit) == []


def test_swapped_inspector_or_hidden_recusal_is_detected() -> None:
    result, order, counts = _setup(None)
    public = [dataclasses.replace(p, conflicts=frozenset()) for p in PEOPLE]
    code = order[0]
    others = [p.id for p in PEOPLE if p.id not in result.assignments[code]]
    swapped = {**result.assignments, code: [others[0], result.assignments[code][1]]}
    assert draws.verify_assignments_public("5", SEED, order, public, frozenset({"food"}),
                                           swapped, counts, 2)
    recused = next(c for c in order if counts.get(c))
    fewer = {**counts, recused: counts[recused] - 1}
    assert draws.verify_assignments_public("5", SEED, order, public, frozenset({"food"}),
                                           result.assignments, fewer, 2)


@pytest.mark.anyio
async def test_the_spec_reimplementation_agrees_with_a_service_draw(db_clean: None) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        task = await factories.drawable_task(targets=60, inspectors=7)
        ent = await Enterprise.first()
        await InspectorConflict.create(inspector=await Inspector.first(), enterprise=ent,
                                       reason="亲属")
        await drawing.commit_draw(SYSTEM, task.id, seed=SEED)
        record = await drawing.run_draw(SYSTEM, task.id)
    row = await TaskDraw.get(id=record.id)
    frame: dict[str, tuple[list[str], str]] = {}
    for s in row.strata:
        frame[s["label"]] = ([], s["ratio"])
    for line in row.labelled_frame.splitlines():
        label, code = line.split("\t")
        frame[label][0].append(code)
    people = {}
    for line in row.inspector_frame.splitlines():
        cert, quals = line.split("\t")
        people[cert] = (set(quals.split(",")), set(row.conflicts.get(cert, [])))
    selected, teams, digest, commitment = spec_draw(str(task.id), SEED, frame, people,
                                                    {"food"}, 2)
    assert {k: [u for u, _ in v] for k, v in row.selected.items()} == selected
    assert row.assignments == teams
    assert (row.frame_digest, row.seed_commitment) == (digest, commitment)
    codes = sorted(c for members, _ in frame.values() for c in members)
    assert hashlib.sha256("".join(f"{c}\n" for c in codes).encode()).hexdigest() == row.codes_digest
