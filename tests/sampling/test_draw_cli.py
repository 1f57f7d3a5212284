"""`portal draw verify` end to end on the demo database, including a tampered record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.portal.test_cli import _run


def test_draw_verify_matches_then_detects_tampering(tmp_path: Path) -> None:
    assert _run(["migrate"], tmp_path).returncode == 0
    assert _run(["seed", "--demo"], tmp_path).returncode == 0
    ok = _run(["draw", "verify", "--all"], tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "MATCH" in ok.stdout and "MISMATCH" not in ok.stdout
    full = _run(["draw", "verify", "--all", "--full"], tmp_path)
    assert full.returncode == 0, full.stdout
    missing = _run(["draw", "verify", "999999"], tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stdout + missing.stderr
    with sqlite3.connect(tmp_path / "portal.sqlite3") as conn:
        conn.execute("UPDATE sampling_draw SET seed_hex = ? WHERE drawn_at IS NOT NULL",
                     ("ab" * 32,))
    bad = _run(["draw", "verify", "--all"], tmp_path)
    assert bad.returncode == 1 and "MISMATCH" in bad.stdout and "种子承诺" in bad.stdout
