"""Verifying a draw: anyone from public data (:func:`check_public`), auditors in full.

:func:`check_public` is pure and uses only :class:`~portal.sampling.queries.PublicDraw`
(what the public page and API show): the seed against its commitment, the published frame
against its digest, each stratum's quota, keys, order and cutoff, and the inspector walk.
:func:`verify_full` additionally recomputes the whole draw from the private labelled frame and
conflict declarations, and checks the record against its audit entries (for auditors, CLI).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from portal.core.models import AuditEntry
from portal.sampling import draws, queries
from portal.sampling.drawing import codes_digest, inspectors_of, result_digest, strata_of
from portal.sampling.records import TaskDraw


@dataclass(frozen=True)
class Verdict:
    task_id: int
    drawn: bool
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_public(d: queries.PublicDraw) -> list[str]:
    """Every problem found using published data only (empty: the draw checks out)."""
    problems: list[str] = []
    if d.algorithm != draws.ALGORITHM:
        return [f"未知的算法版本 {d.algorithm}。"]
    codes_text = "".join(f"{c}\n" for c in d.frame_codes)
    if codes_digest(codes_text) != d.codes_digest:
        problems.append("公布的抽查名录与事先公布的名录摘要不符（名录被改动）。")
    if d.frame_codes != sorted(set(d.frame_codes)):
        problems.append("公布的抽查名录未排序或有重复。")
    if sum(int(s["size"]) for s in d.strata) != len(d.frame_codes):
        problems.append("各层规模之和与公布的名录户数不符。")
    people = [draws.Inspector(cert, quals) for cert, quals in d.inspector_frame]
    if draws.inspector_frame_digest(people) != d.inspector_frame_digest:
        problems.append("公布的检查人员名录与其摘要不符。")
    if d.seed is None:
        return problems
    seed = bytes.fromhex(d.seed) if len(d.seed) == 64 else b""
    if draws.seed_commitment(seed) != d.seed_commitment:
        return [*problems, "公布的随机种子与事先公布的种子承诺不符。"]
    frame = set(d.frame_codes)
    order: list[str] = []
    for s in sorted(d.strata, key=lambda s: str(s["label"])):
        label = str(s["label"])
        picks = d.selected.get(label, [])
        quota = draws.quota(int(s["size"]), Decimal(str(s["ratio"])))
        if quota != int(s["quota"]) or len(picks) != quota:
            problems.append(f"{label} 层抽中户数与按比例计算的应抽户数 {quota} 不符。")
        for code, key in picks:
            if code not in frame:
                problems.append(f"{label} 层抽中的 {code} 不在公布的名录中。")
            if draws.target_key(str(d.task_id), seed, code).hex() != key:
                problems.append(f"{label} 层中 {code} 的键值与种子计算结果不符。")
        keys = [key for _, key in picks]
        if keys != sorted(keys):
            problems.append(f"{label} 层的抽中顺序不是按键值升序。")
        if d.cutoffs.get(label) != (keys[-1] if keys else None):
            problems.append(f"{label} 层的截止键值与最后一个抽中对象不符。")
        order += [code for code, _ in picks]
    if len(order) != len(set(order)):
        problems.append("同一企业在多个层中被抽中。")
    if not problems:
        problems += draws.verify_assignments_public(
            str(d.task_id), seed, order, people, d.required_qualifications, d.assignments,
            d.recusal_counts, d.inspectors_per_target, d.per_inspector_limit)
    return problems


async def verify_task(task_id: int) -> Verdict | None:
    """Public verification of one public task's draw (None: nothing public to verify)."""
    found = await queries.public_draw(task_id)
    if found is None:
        return None
    return Verdict(task_id, found.seed is not None, check_public(found))


async def verify_all() -> list[Verdict]:
    out = []
    for task_id in await queries.public_draw_task_ids():
        verdict = await verify_task(task_id)
        if verdict is not None:
            out.append(verdict)
    return out


async def verify_full(task_id: int) -> Verdict | None:
    """Auditor's check: public checks, full recomputation, and the audit entries' digests."""
    row = await TaskDraw.get_or_none(task_id=task_id)
    if row is None:
        return None
    public = await queries.public_draw(task_id)
    problems = check_public(public) if public is not None else []
    strata = strata_of(row)
    if draws.frame_digest(strata) != row.frame_digest:
        problems.append("内部分层名录与事先公布的名录摘要不符。")
    if hashlib.sha256("".join(sorted(f"{c}\n" for s in strata for c in s.members)).encode()
                      ).hexdigest() != row.codes_digest:
        problems.append("内部分层名录与公布的名录不一致。")
    commit = await AuditEntry.filter(action="sampling.draw_commit", subject_kind="sampling_task",
                                     subject_id=str(task_id)).first()
    if commit is None or (commit.after or {}).get("seed_commitment") != row.seed_commitment \
            or (commit.after or {}).get("frame_digest") != row.frame_digest:
        problems.append("种子承诺或名录摘要与审计日志中的公布记录不符。")
    if row.drawn_at is not None and not problems:
        published = draws.Draw(
            task=str(task_id), seed_commitment=row.seed_commitment, frame_digest=row.frame_digest,
            selected={k: [draws.Pick(u, key) for u, key in v] for k, v in (row.selected or {}).items()},
            cutoffs=dict(row.cutoffs or {}), assignments=dict(row.assignments or {}))
        again = draws.draw(str(task_id), bytes.fromhex(row.seed_hex), strata,
                           inspectors_of(row, dict(row.conflicts or {})),
                           frozenset(q for q in row.required_qualifications.split(",") if q),
                           row.inspectors_per_target, row.per_inspector_limit)
        if again.selected != published.selected or again.cutoffs != published.cutoffs:
            problems.append("按公开算法重新计算的抽中对象与记录不一致。")
        if again.assignments != published.assignments:
            problems.append("检查人员分配与重新计算的结果不一致。")
        drawn = await AuditEntry.filter(action="sampling.draw", subject_kind="sampling_task",
                                        subject_id=str(task_id)).first()
        if drawn is None or (drawn.after or {}).get("result_digest") != result_digest(row):
            problems.append("抽取结果与审计日志中记录的结果摘要不符（记录被改动）。")
    return Verdict(task_id, row.drawn_at is not None, problems)
