"""Committing and running a task's draw (algorithm SSP-DRAW-v1, docs/draws.md).

Who may call: ``sampling.draw`` in the task's department. Two commands, each in one
transaction with its audit entry and an outbox event (the public task page changes):

- :func:`commit_draw` — the task must already be public. Fixes the frame (after exclusions),
  the strata and the inspector frame, draws a secret 32-byte seed and publishes its commitment.
  Audit ``sampling.draw_commit``. There is no way to commit again: the frame cannot be redone.
- :func:`run_draw` — computes the draw, reveals the seed, records drawn targets, inspector
  assignments and one random check per target in the inspection history. Audit
  ``sampling.draw`` (with a digest of the result). The record is immutable afterwards: no
  function updates a drawn :class:`TaskDraw`, and the update is conditional on ``drawn_at``
  still being empty, so two concurrent runs cannot both succeed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from decimal import Decimal

from tortoise.transactions import in_transaction

from portal.core import audit, clock, outbox
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Permission, require
from portal.core.publication import public_q
from portal.enterprises.models import Enterprise
from portal.reference.models import Department
from portal.sampling import draws, frame
from portal.sampling.directory import CheckRecord, CheckTrigger, Inspector, InspectorConflict
from portal.sampling.documents import PLAN_KIND
from portal.sampling.models import Progress, SamplingPlan, SamplingTask
from portal.sampling.records import DrawAssignment, DrawnTarget, PlanSetting, TaskDraw


def codes_digest(codes_text: str) -> str:
    return hashlib.sha256(codes_text.encode()).hexdigest()


def inspector_frame_text(inspectors: list[draws.Inspector]) -> str:
    return "".join(sorted(f"{i.id}\t{','.join(sorted(i.qualifications))}\n" for i in inspectors))


def result_digest(record: TaskDraw) -> str:
    """SHA-256 over the published result (selected, cutoffs, assignments, recusal counts)."""
    body = json.dumps([record.selected, record.cutoffs, record.assignments,
                       record.recusal_counts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


async def _task(task_id: int) -> SamplingTask:
    task = await SamplingTask.get_or_none(id=task_id)
    if task is None:
        raise NotFound("找不到该抽查任务。")
    return task


async def commit_draw(actor: Actor, task_id: int, *, seed: bytes | None = None) -> TaskDraw:
    """Fix the frame and commit to a fresh secret seed (``seed`` only for tests/benchmarks)."""
    task = await _task(task_id)
    require(actor, Permission.SAMPLING_DRAW, task.department_id)  # type: ignore[attr-defined]
    if not await SamplingTask.filter(public_q(), id=task.id).exists():
        raise InvalidInput("任务尚未公开：须先公开任务，才能公布抽查名录和随机种子承诺。")
    if await TaskDraw.exists(task_id=task.id):
        raise InvalidInput("该任务已公布抽查名录和种子承诺，不能重新确定。")
    plan = await SamplingPlan.get(id=task.plan_id)  # type: ignore[attr-defined]
    setting = await PlanSetting.get_or_none(plan_id=plan.id) or PlanSetting(plan_id=plan.id)
    department = await Department.get(id=task.department_id)  # type: ignore[attr-defined]
    departments = {plan.lead_department_id, task.department_id,  # type: ignore[attr-defined]
                   *await plan.participants.all().values_list("id", flat=True)}
    built = await frame.build(setting, plan.year, department.level, clock.today(), departments)
    required = frozenset(q for q in setting.required_qualifications.split(",") if q)
    qualified = [i for i in built.inspectors if required <= i.qualifications]
    if len(qualified) < setting.inspectors_per_target:
        raise InvalidInput(f"具备所需资格（{setting.required_qualifications or '无'}）的检查人员"
                           f"不足 {setting.inspectors_per_target} 名，请先补充检查人员名录。")
    seed = seed if seed is not None else secrets.token_bytes(32)
    if len(seed) != 32:
        raise InvalidInput("随机种子应为32字节。")
    codes = "".join(f"{c}\n" for c in sorted(c for s in built.strata for c in s.members))
    labelled = draws.canonical_frame(built.strata).decode()
    people = inspector_frame_text(built.inspectors)
    async with in_transaction() as conn:
        record = await TaskDraw.create(
            task=task, algorithm=draws.ALGORITHM, seed_commitment=draws.seed_commitment(seed),
            seed_hex=seed.hex(), frame_digest=draws.frame_digest(built.strata),
            labelled_frame=labelled, frame_codes=codes, codes_digest=codes_digest(codes),
            strata=[{"label": s.label, "size": len(s.members), "quota": s.quota,
                     "ratio": str(s.ratio_percent)} for s in built.strata],
            exclusions=built.exclusions, inspector_frame=people,
            inspector_frame_digest=draws.inspector_frame_digest(built.inspectors),
            required_qualifications=setting.required_qualifications,
            inspectors_per_target=setting.inspectors_per_target,
            per_inspector_limit=setting.per_inspector_limit,
            committed_at=clock.now(), committed_by=actor.id, using_db=conn,
        )
        await audit.record(conn, actor, "sampling.draw_commit", "sampling_task", task.id, after={
            "frame_digest": record.frame_digest, "codes_digest": record.codes_digest,
            "seed_commitment": record.seed_commitment,
            "inspector_frame_digest": record.inspector_frame_digest, "strata": record.strata,
            "exclusions": record.exclusions})
        await outbox.emit(conn, PLAN_KIND, plan.id)
    return record


def strata_of(record: TaskDraw) -> list[draws.Stratum]:
    """The private labelled frame back into strata (for the draw and for auditors)."""
    members: dict[str, list[str]] = {str(s["label"]): [] for s in record.strata}
    for line in record.labelled_frame.splitlines():
        label, code = line.split("\t")
        members[label].append(code)
    return [draws.Stratum(str(s["label"]), members[str(s["label"])], Decimal(str(s["ratio"])))
            for s in record.strata]


def inspectors_of(record: TaskDraw, conflicts: dict[str, list[str]]) -> list[draws.Inspector]:
    out = []
    for line in record.inspector_frame.splitlines():
        cert, quals = line.split("\t")
        out.append(draws.Inspector(cert, frozenset(q for q in quals.split(",") if q),
                                   frozenset(conflicts.get(cert, ()))))
    return out


async def _conflicts(certificates: list[str]) -> dict[str, list[str]]:
    rows = await InspectorConflict.filter(inspector__certificate_no__in=certificates).values(
        "inspector__certificate_no", "enterprise__uscc")
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r["inspector__certificate_no"]), []).append(str(r["enterprise__uscc"]))
    return {k: sorted(v) for k, v in sorted(out.items())}


async def run_draw(actor: Actor, task_id: int) -> TaskDraw:
    """Run the committed draw, reveal the seed and record targets and assignments."""
    task = await _task(task_id)
    require(actor, Permission.SAMPLING_DRAW, task.department_id)  # type: ignore[attr-defined]
    record = await TaskDraw.get_or_none(task_id=task.id)
    if record is None:
        raise InvalidInput("请先公布抽查名录和随机种子承诺，再进行抽取。")
    if record.drawn_at is not None:
        raise InvalidInput("该任务已经抽取完毕；抽取记录不可更改。")
    certificates = [line.split("\t")[0] for line in record.inspector_frame.splitlines()]
    conflicts = await _conflicts(certificates)
    result = draws.draw(
        str(task.id), bytes.fromhex(record.seed_hex), strata_of(record),
        inspectors_of(record, conflicts),
        frozenset(q for q in record.required_qualifications.split(",") if q),
        record.inspectors_per_target, record.per_inspector_limit)
    order = [p.uscc for label in sorted(result.selected) for p in result.selected[label]]
    recusals: dict[str, int] = {}
    for r in result.recusals:
        recusals[r.uscc] = recusals.get(r.uscc, 0) + 1
    record.selected = {k: [[p.uscc, p.key] for p in v] for k, v in result.selected.items()}
    record.cutoffs, record.assignments, record.recusal_counts = (
        result.cutoffs, result.assignments, recusals)
    record.conflicts, record.drawn_at, record.drawn_by = conflicts, clock.now(), actor.id
    enterprises = {e.uscc: e.id for e in await Enterprise.filter(uscc__in=order)}
    people = {i.certificate_no: i.id for i in await Inspector.filter(certificate_no__in=certificates)}
    async with in_transaction() as conn:
        changed = await TaskDraw.filter(id=record.id, drawn_at=None).using_db(conn).update(
            selected=record.selected, cutoffs=record.cutoffs, assignments=record.assignments,
            recusal_counts=record.recusal_counts, conflicts=conflicts,
            drawn_at=record.drawn_at, drawn_by=actor.id)
        if changed != 1:
            raise InvalidInput("该任务已经抽取完毕；抽取记录不可更改。")
        await DrawnTarget.bulk_create([
            DrawnTarget(task_id=task.id, enterprise_id=enterprises[code], position=n)
            for n, code in enumerate(order)], using_db=conn)
        targets = {t.enterprise_id: t.id for t in  # type: ignore[attr-defined]
                   await DrawnTarget.filter(task_id=task.id).using_db(conn)}
        await DrawAssignment.bulk_create([
            DrawAssignment(target_id=targets[enterprises[code]], inspector_id=people[cert],
                           position=k)
            for code in order for k, cert in enumerate(result.assignments.get(code, []))],
            using_db=conn)
        await CheckRecord.bulk_create([
            CheckRecord(enterprise_id=enterprises[code], department_id=task.department_id,  # type: ignore[attr-defined]
                        checked_on=clock.today(), trigger=CheckTrigger.RANDOM, task_id=task.id,
                        note="双随机抽取") for code in order], using_db=conn)
        task.progress, task.target_count = Progress.IN_PROGRESS, len(order)
        await task.save(using_db=conn, update_fields=["progress", "target_count"])
        await audit.record(conn, actor, "sampling.draw", "sampling_task", task.id, after={
            "seed": record.seed_hex, "result_digest": result_digest(record),
            "targets": len(order), "recusals": sum(recusals.values())})
        await outbox.emit(conn, PLAN_KIND, task.plan_id)  # type: ignore[attr-defined]
    return record
