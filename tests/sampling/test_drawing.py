"""The draw as a service: commitment, run, constraints, immutability, verification."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry
from portal.core.policies import Forbidden
from portal.sampling import drawing, verification
from portal.sampling.directory import CheckRecord, CheckTrigger, InspectorConflict, TargetProfile
from portal.sampling.records import DrawAssignment, DrawnTarget, TaskDraw
from tests import factories

pytestmark = pytest.mark.anyio
SEED = bytes(range(32))
TODAY = dt.date(2025, 6, 16)


async def drawer() -> Actor:
    dept = await factories.department()
    return Actor(id="staff:1", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
                 department_ids=frozenset({dept.id}))


async def test_commit_then_draw_publishes_the_seed_and_records_targets(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        actor = await drawer()
        committed = await drawing.commit_draw(actor, task.id, seed=SEED)
        assert committed.drawn_at is None and len(committed.frame_codes.splitlines()) == 40
        public = await verification.queries.public_draw(task.id)
        assert public is not None and public.seed is None and public.selected == {}
        record = await drawing.run_draw(actor, task.id)
    assert [s["quota"] for s in record.strata] == [1, 2, 3, 5]
    assert await DrawnTarget.filter(task_id=task.id).count() == 11
    assert await DrawAssignment.filter(target__task_id=task.id).count() == 22
    assert await CheckRecord.filter(task_id=task.id, trigger=CheckTrigger.RANDOM).count() == 11
    verdict = await verification.verify_task(task.id)
    assert verdict is not None and verdict.drawn and verdict.ok, verdict
    full = await verification.verify_full(task.id)
    assert full is not None and full.ok, full
    actions = [e.action for e in await AuditEntry.all().order_by("seq")]
    assert actions[-2:] == ["sampling.draw_commit", "sampling.draw"]


async def test_the_same_inputs_give_the_same_draw(db_clean: None) -> None:
    """Determinism across runs and databases: this exact outcome is asserted on every backend."""
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        actor = await drawer()
        await drawing.commit_draw(actor, task.id, seed=SEED)
        record = await drawing.run_draw(actor, task.id)
    first = await TaskDraw.get(task_id=task.id)
    again = drawing.strata_of(first)
    from portal.sampling import draws
    redo = draws.draw(str(task.id), SEED, again)
    assert {k: [[p.uscc, p.key] for p in v] for k, v in redo.selected.items()} == record.selected
    assert record.frame_digest == draws.frame_digest(again)


async def test_a_draw_cannot_be_committed_twice_nor_run_twice(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        actor = await drawer()
        await drawing.commit_draw(actor, task.id, seed=SEED)
        with pytest.raises(InvalidInput, match="不能重新确定"):
            await drawing.commit_draw(actor, task.id)
        await drawing.run_draw(actor, task.id)
        with pytest.raises(InvalidInput, match="不可更改"):
            await drawing.run_draw(actor, task.id)
    assert await DrawnTarget.filter(task_id=task.id).count() == 11


async def test_only_a_permitted_department_may_draw(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        other = await factories.department("金华市市场监督管理局", "330700")
        outsider = Actor(id="staff:2", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
                         department_ids=frozenset({other.id}))
        reviewer = Actor(id="staff:3", kind=ActorKind.STAFF, roles=frozenset({"reviewer"}),
                         department_ids=frozenset({task.department_id}))  # type: ignore[attr-defined]
        for actor in (outsider, reviewer):
            with pytest.raises(Forbidden):
                await drawing.commit_draw(actor, task.id)
    assert not await TaskDraw.exists()


async def test_an_unpublished_task_cannot_commit(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        task.publication_state = factories.DRAFT
        await task.save()
        with pytest.raises(InvalidInput, match="尚未公开"):
            await drawing.commit_draw(await drawer(), task.id)


async def test_exclusions_caps_higher_level_and_recent_clean(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task(targets=8)
        county = await factories.department()
        city = await factories.department("金华市市场监督管理局", "330700")
        city.level = "city"
        await city.save()
        ents = [p.enterprise for p in await TargetProfile.all().prefetch_related("enterprise")]
        day = dt.date(2025, 3, 1)
        for _ in range(2):  # cap of 2 random checks reached
            await CheckRecord.create(enterprise=ents[0], department=county, checked_on=day,
                                     trigger=CheckTrigger.RANDOM, problem_found=True)
        for _ in range(3):  # case-triggered checks are exempt from the cap
            await CheckRecord.create(enterprise=ents[1], department=county, checked_on=day,
                                     trigger=CheckTrigger.CASE, problem_found=True)
        await CheckRecord.create(enterprise=ents[2], department=city, checked_on=day,
                                 trigger=CheckTrigger.RANDOM, problem_found=None)
        await CheckRecord.create(enterprise=ents[3], department=county,
                                 checked_on=dt.date(2024, 10, 1), trigger=CheckTrigger.CASE,
                                 problem_found=False)
        # Inspection results entered elsewhere are history too: without a task a clean
        # case-triggered check; with a task a random check (two of them reach the cap).
        await factories.result(ents[4], on=dt.date(2025, 5, 1))
        other_task = await factories.task(await factories.plan())
        for on in (dt.date(2025, 1, 5), dt.date(2025, 2, 5)):
            await factories.result(ents[5], on=on, task=other_task,
                                   code=factories.ResultCode.CORRECTED)
        record = await drawing.commit_draw(await drawer(), task.id, seed=SEED)
    codes = set(record.frame_codes.splitlines())
    assert ents[1].uscc in codes and all(e.uscc not in codes for e in ents[:1] + ents[2:6])
    assert {e["rule"]: e["count"] for e in record.exclusions} == {
        "cap": 2, "higher_level": 1, "recent_clean": 2}


async def test_higher_level_exclusion_is_configurable(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task(targets=4, exclude_higher_level=False,
                                             recent_clean_days=0)
        city = await factories.department("金华市市场监督管理局", "330700")
        city.level = "city"
        await city.save()
        ent = (await TargetProfile.first().prefetch_related("enterprise")).enterprise  # type: ignore[union-attr]
        await CheckRecord.create(enterprise=ent, department=city, checked_on=dt.date(2025, 2, 1),
                                 trigger=CheckTrigger.RANDOM, problem_found=False)
        record = await drawing.commit_draw(await drawer(), task.id, seed=SEED)
    assert ent.uscc in record.frame_codes and [e["rule"] for e in record.exclusions] == ["cap"]


async def test_recusal_replaces_a_conflicted_inspector_and_is_published_as_a_count(
    db_clean: None,
) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task(targets=4)
        actor = await drawer()
        await drawing.commit_draw(actor, task.id, seed=SEED)
        record = await TaskDraw.get(task_id=task.id)
        # Find who the draw would assign to the first target, and make them declare a conflict.
        from portal.sampling import draws
        plain = draws.draw(str(task.id), SEED, drawing.strata_of(record),
                           drawing.inspectors_of(record, {}), frozenset({"food"}))
        code, team = next(iter(plain.assignments.items()))
        from portal.enterprises.models import Enterprise
        from portal.sampling.directory import Inspector
        await InspectorConflict.create(inspector=await Inspector.get(certificate_no=team[0]),
                                       enterprise=await Enterprise.get(uscc=code), reason="亲属")
        done = await drawing.run_draw(actor, task.id)
    assert team[0] not in done.assignments[code] and len(done.assignments[code]) == 2
    assert done.recusal_counts == {code: 1}
    public = await verification.queries.public_draw(task.id)
    assert public is not None and "conflicts" not in public.__dataclass_fields__
    assert (await verification.verify_task(task.id)).ok  # type: ignore[union-attr]
    assert (await verification.verify_full(task.id)).ok  # type: ignore[union-attr]


async def test_too_few_qualified_inspectors_is_refused_before_anything_is_fixed(
    db_clean: None,
) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task(inspectors=0)
        await factories.inspector(quals="general")
        await factories.inspector(quals="food")
        with pytest.raises(InvalidInput, match="检查人员"):
            await drawing.commit_draw(await drawer(), task.id)
    assert not await TaskDraw.exists()


async def test_tampering_with_frame_seed_or_result_is_detected(db_clean: None) -> None:
    with clock.frozen(TODAY):
        task = await factories.drawable_task()
        actor = await drawer()
        await drawing.commit_draw(actor, task.id, seed=SEED)
        await drawing.run_draw(actor, task.id)
    row = await TaskDraw.get(task_id=task.id)
    codes = row.frame_codes.splitlines()
    await TaskDraw.filter(id=row.id).update(frame_codes="".join(f"{c}\n" for c in codes[1:]))
    verdict = await verification.verify_task(task.id)
    assert verdict is not None and any("名录" in p for p in verdict.problems)
    await TaskDraw.filter(id=row.id).update(frame_codes=row.frame_codes, seed_hex="00" * 32)
    verdict = await verification.verify_task(task.id)
    assert verdict is not None and any("种子承诺" in p for p in verdict.problems)
    await TaskDraw.filter(id=row.id).update(seed_hex=row.seed_hex)
    assert (await verification.verify_task(task.id)).ok  # type: ignore[union-attr]
    label, picks = next((k, v) for k, v in row.selected.items() if v)
    swapped = {**row.selected, label: [[codes[-1], picks[0][1]], *picks[1:]]}
    await TaskDraw.filter(id=row.id).update(selected=swapped)
    verdict = await verification.verify_task(task.id)
    assert verdict is not None and not verdict.ok
    full = await verification.verify_full(task.id)
    assert full is not None and not full.ok
