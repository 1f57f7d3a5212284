"""An independent implementation of docs/draws.md, written from the document alone.

It shares no code with portal.sampling.draws (different arithmetic: whole-message hashing,
integers, fractions, full sorts) and must agree with it exactly.
"""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal
from fractions import Fraction

from portal.core.ids import make_uscc
from portal.sampling import draws

V = b"SSP-DRAW-v1"


def spec_quota(n: int, ratio: str) -> int:
    exact = Fraction(n) * Fraction(ratio) / 100
    k = exact.numerator // exact.denominator + (1 if exact.denominator != 1 else 0)
    return min(n, k)


def spec_key(task: str, seed: bytes, uscc: str) -> int:
    message = V + b"/target" + b"\0" + task.encode() + b"\0" + seed + b"\0" + uscc.encode()
    return int.from_bytes(hashlib.sha256(message).digest(), "big")


def spec_x(task: str, seed: bytes, uscc: str, j: int) -> int:
    message = b"\0".join([V + b"/inspector", task.encode(), seed, uscc.encode(), str(j).encode()])
    return int.from_bytes(hashlib.sha256(message).digest(), "big")


def spec_draw(task: str, seed: bytes, frame: dict[str, tuple[list[str], str]],
              inspectors: dict[str, tuple[set[str], set[str]]], required: set[str], m: int
              ) -> tuple[dict[str, list[str]], dict[str, list[str]], str, str]:
    selected = {}
    for label in sorted(frame):
        members, ratio = frame[label]
        ranked = sorted(members, key=lambda u: (spec_key(task, seed, u), u))
        selected[label] = ranked[: spec_quota(len(members), ratio)]
    teams = {}
    q = sorted((i for i in inspectors if required <= inspectors[i][0]), key=str.encode)
    for label in sorted(selected):
        for uscc in selected[label]:
            team: list[str] = []
            met: list[str] = []
            j = -1
            while len(team) < m and len(met) < len(q):
                j += 1
                candidate = q[spec_x(task, seed, uscc, j) % len(q)]
                if candidate in met:
                    continue
                met.append(candidate)
                if uscc not in inspectors[candidate][1]:
                    team.append(candidate)
            teams[uscc] = team
    lines = sorted(f"{label}\t{u}\n".encode() for label in frame for u in frame[label][0])
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    commitment = hashlib.sha256(V + b"/seed" + b"\0" + seed).hexdigest()
    return selected, teams, digest, commitment


def test_spec_and_implementation_agree() -> None:
    rng = random.Random(20251123)
    codes = [make_uscc("9", "1", "330782", f"MA{n:06d}") for n in range(3000)]
    rng.shuffle(codes)
    frame = {"S1": (codes[:1001], "5.00"), "S2": (codes[1001:2500], "2.50"),
             "S3": (codes[2500:], "33.33")}
    inspectors = {
        f"I{n:03d}": ({"food", "general"} if n % 3 else {"general"},
                      {rng.choice(codes) for _ in range(40)})
        for n in range(60)
    }
    seed = bytes(rng.randrange(256) for _ in range(32))

    want_sel, want_teams, want_digest, want_commit = spec_draw(
        "42", seed, frame, inspectors, {"food"}, 2
    )
    got = draws.draw(
        "42", seed,
        [draws.Stratum(label, members, Decimal(ratio)) for label, (members, ratio) in frame.items()],
        [draws.Inspector(i, frozenset(q), frozenset(c)) for i, (q, c) in inspectors.items()],
        required=frozenset({"food"}),
    )
    assert {label: [p.uscc for p in picks] for label, picks in got.selected.items()} == want_sel
    assert got.assignments == want_teams
    assert got.frame_digest == want_digest
    assert got.seed_commitment == want_commit
    assert spec_quota(1001, "5.00") == 51 == len(got.selected["S1"])
