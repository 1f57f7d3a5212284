"""The verifiable draw, algorithm ``SSP-DRAW-v1`` (specification: docs/draws.md).

Pure functions only: no database, no clock. The same inputs give the same draw on any machine;
:func:`verify` recomputes a draw from what was published and names the first mismatch.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress

from portal.core.errors import InvalidInput

ALGORITHM = "SSP-DRAW-v1"
_SEP = b"\x00"


@dataclass(frozen=True)
class Stratum:
    label: str
    members: Sequence[str]  # credit codes
    ratio_percent: Decimal

    @property
    def quota(self) -> int:
        return quota(len(self.members), self.ratio_percent)


@dataclass(frozen=True)
class Inspector:
    id: str
    qualifications: frozenset[str]
    conflicts: frozenset[str] = frozenset()  # credit codes this inspector must not inspect


@dataclass(frozen=True)
class Pick:
    uscc: str
    key: str  # hex


@dataclass(frozen=True)
class Recusal:
    uscc: str
    inspector_id: str


@dataclass
class Draw:
    task: str
    seed_commitment: str
    frame_digest: str
    selected: dict[str, list[Pick]]  # stratum label → picks in draw order
    cutoffs: dict[str, str | None]
    assignments: dict[str, list[str]] = field(default_factory=dict)  # uscc → inspector ids
    recusals: list[Recusal] = field(default_factory=list)


def quota(size: int, ratio_percent: Decimal) -> int:
    """k = ceil(N × ratio), exact on the two-decimal percentage, capped at N."""
    if not Decimal(0) <= ratio_percent <= Decimal(100):
        raise InvalidInput("抽查比例应在 0 到 100% 之间。", field="ratio")
    hundredths = int((ratio_percent * 100).to_integral_exact())
    return min(size, math.ceil(size * hundredths / 10_000)) if size else 0


def seed_commitment(seed: bytes) -> str:
    return hashlib.sha256(f"{ALGORITHM}/seed".encode() + _SEP + seed).hexdigest()


def _frame_chunks(strata: Iterable[Stratum]) -> Iterable[bytes]:
    """The canonical frame, stratum by stratum: lines sorted by byte value.

    Sorting labels by ``label + TAB`` and codes within each stratum yields exactly the byte
    order of whole lines (codes are ASCII), without sorting a million byte strings at once.
    """
    for stratum in sorted(strata, key=lambda s: (s.label + "\t").encode()):
        if stratum.members:
            head = stratum.label + "\t"
            yield (head + ("\n" + head).join(sorted(stratum.members)) + "\n").encode()


def canonical_frame(strata: Iterable[Stratum]) -> bytes:
    return b"".join(_frame_chunks(strata))


def frame_digest(strata: Sequence[Stratum]) -> str:
    total = sum(len(s.members) for s in strata)
    if len(set().union(*(s.members for s in strata))) != total:
        raise InvalidInput("抽查名录中有企业出现了不止一次。")
    digest = hashlib.sha256()
    for chunk in _frame_chunks(strata):
        digest.update(chunk)
    return digest.hexdigest()


def inspector_frame_digest(inspectors: Iterable[Inspector]) -> str:
    lines = sorted(
        f"{i.id}\t{','.join(sorted(i.qualifications))}\n".encode() for i in inspectors
    )
    return hashlib.sha256(b"".join(lines)).hexdigest()


def _prefix(purpose: str, task: str, seed: bytes) -> bytes:
    return f"{ALGORITHM}/{purpose}".encode() + _SEP + task.encode() + _SEP + seed + _SEP


def target_key(task: str, seed: bytes, uscc: str) -> bytes:
    return hashlib.sha256(_prefix("target", task, seed) + uscc.encode()).digest()


def select(task: str, seed: bytes, stratum: Stratum) -> list[Pick]:
    """The ``quota`` candidates with the smallest keys, ascending (ties by code)."""
    k = stratum.quota
    if k == 0:
        return []
    prefix, sha = _prefix("target", task, seed), hashlib.sha256
    keys = [sha(prefix + code.encode()).digest() for code in stratum.members]
    # Exact pre-filter: keep keys below a bound that more than k keys are expected to beat;
    # if at least k do, the k smallest are all among them. Otherwise fall back to all keys.
    n = len(keys)
    bound = min(2**256 - 1, ((2 * k + 64) << 256) // n).to_bytes(32, "big")
    pool = list(compress(zip(keys, stratum.members, strict=True), map(bound.__gt__, keys)))
    if len(pool) < k:
        pool = list(zip(keys, stratum.members, strict=True))
    pool.sort()
    return [Pick(code, key.hex()) for key, code in pool[:k]]


def assign(
    task: str, seed: bytes, order: Sequence[str], inspectors: Sequence[Inspector],
    required: frozenset[str], per_target: int = 2, per_inspector_limit: int | None = None,
) -> tuple[dict[str, list[str]], list[Recusal]]:
    """Inspectors for each target in processing order, with recusal and replacement."""
    qualified = sorted((i for i in inspectors if required <= i.qualifications),
                       key=lambda i: i.id.encode())
    n = len(qualified)
    load: dict[str, int] = {}
    assignments: dict[str, list[str]] = {}
    recusals: list[Recusal] = []
    prefix = _prefix("inspector", task, seed)
    sha = hashlib.sha256
    for code in order:
        team: list[str] = []
        met: set[int] = set()
        head = prefix + code.encode() + _SEP
        j = 0
        while len(team) < per_target and len(met) < n:
            digest = sha(head + b"%d" % j).digest()
            j += 1
            index = int.from_bytes(digest, "big") % n
            if index in met:
                continue
            met.add(index)
            inspector = qualified[index]
            if code in inspector.conflicts:
                recusals.append(Recusal(code, inspector.id))
            elif per_inspector_limit is None or load.get(inspector.id, 0) < per_inspector_limit:
                team.append(inspector.id)
                load[inspector.id] = load.get(inspector.id, 0) + 1
        if len(team) < per_target:
            raise InvalidInput(f"符合资格且无需回避的检查人员不足，无法为 {code} 分配 {per_target} 名检查人员。")
        assignments[code] = team
    return assignments, recusals


def draw(
    task: str, seed: bytes, strata: Sequence[Stratum], inspectors: Sequence[Inspector] = (),
    required: frozenset[str] = frozenset(), per_target: int = 2,
    per_inspector_limit: int | None = None,
) -> Draw:
    if len(seed) != 32:
        raise InvalidInput("随机种子应为32字节。")
    ordered = sorted(strata, key=lambda s: s.label)
    selected = {s.label: select(task, seed, s) for s in ordered}
    result = Draw(
        task=task, seed_commitment=seed_commitment(seed), frame_digest=frame_digest(ordered),
        selected=selected,
        cutoffs={label: picks[-1].key if picks else None for label, picks in selected.items()},
    )
    if inspectors:
        order = [p.uscc for s in ordered for p in selected[s.label]]
        result.assignments, result.recusals = assign(
            task, seed, order, inspectors, required, per_target, per_inspector_limit
        )
    return result


def verify(published: Draw, seed: bytes, strata: Sequence[Stratum] | None = None,
           inspectors: Sequence[Inspector] = (), required: frozenset[str] = frozenset(),
           per_target: int = 2, per_inspector_limit: int | None = None) -> list[str]:
    """Recompute and compare; returns the problems found (empty: the draw checks out)."""
    problems: list[str] = []
    if seed_commitment(seed) != published.seed_commitment:
        problems.append("公布的随机种子与事先公布的种子承诺不符。")
        return problems
    if strata is None:
        return problems + _verify_without_frame(published, seed)
    again = draw(published.task, seed, strata, inspectors, required, per_target,
                 per_inspector_limit)  # computes the frame digest once, as the draw did
    if again.frame_digest != published.frame_digest:
        problems.append("抽查名录与事先公布的名录摘要不符。")
        return problems
    if again.selected != published.selected:
        problems.append("按公开算法重新计算的抽中对象与公布结果不一致。")
    if again.cutoffs != published.cutoffs:
        problems.append("各层的截止键值与公布结果不一致。")
    if inspectors and (again.assignments, again.recusals) != (published.assignments,
                                                              published.recusals):
        problems.append("检查人员分配与公布结果不一致。")
    return problems


def _verify_without_frame(published: Draw, seed: bytes) -> list[str]:
    problems = []
    for label, picks in published.selected.items():
        keys = []
        for pick in picks:
            if target_key(published.task, seed, pick.uscc).hex() != pick.key:
                problems.append(f"{label} 层中 {pick.uscc} 的键值与种子计算结果不符。")
            keys.append(pick.key)
        if keys != sorted(keys):
            problems.append(f"{label} 层的抽中顺序不是按键值升序。")
        if keys and published.cutoffs.get(label) != keys[-1]:
            problems.append(f"{label} 层的截止键值与最后一个抽中对象不符。")
    return problems


def verify_assignments_public(
    task: str, seed: bytes, order: Sequence[str], inspectors: Sequence[Inspector],
    required: frozenset[str], assignments: dict[str, list[str]], recusal_counts: dict[str, int],
    per_target: int = 2, per_inspector_limit: int | None = None,
) -> list[str]:
    """Check published assignments without the (private) conflict declarations.

    Replays each target's walk: the published team must be the walk's assigned candidates in
    order; every other candidate met before the team is complete is a recusal, except one
    who had reached the per-inspector limit (who may or may not also have declared a
    conflict: the rules check conflicts first). The published recusal count of the target
    must lie between the certain recusals and the certain plus those undecidable ones.
    """
    qualified = sorted((i for i in inspectors if required <= i.qualifications),
                       key=lambda i: i.id.encode())
    n, prefix = len(qualified), _prefix("inspector", task, seed)
    load: dict[str, int] = {}
    problems: list[str] = []
    if set(assignments) != set(order):
        return ["检查人员分配的对象与抽中对象不一致。"]
    for code in order:
        team, recused, maybe, j, got = assignments[code], 0, 0, 0, 0
        met: set[int] = set()
        while got < len(team) and len(met) < n:
            digest = hashlib.sha256(prefix + code.encode() + _SEP + str(j).encode()).digest()
            j += 1
            index = int.from_bytes(digest, "big") % n
            if index in met:
                continue
            met.add(index)
            person = qualified[index].id
            full = per_inspector_limit is not None and load.get(person, 0) >= per_inspector_limit
            if person == team[got] and not full:
                got += 1
                load[person] = load.get(person, 0) + 1
            elif full:
                maybe += 1
            else:
                recused += 1
        if got != len(team) or len(team) != per_target:
            problems.append(f"{code} 的检查人员不是按公开算法抽取的结果。")
        elif not recused <= recusal_counts.get(code, 0) <= recused + maybe:
            problems.append(f"{code} 的回避人数与按公开算法重放的结果不符。")
    return problems
