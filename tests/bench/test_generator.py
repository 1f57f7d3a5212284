"""The scale-dataset generator writes valid rows through the real migrations (tiny scale)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from bench.dataset import counts
from portal.core.ids import CodeStatus, check_registration_number, check_uscc
from portal.core.rules import window_from

ROOT = Path(__file__).resolve().parents[2]
SCALE = 0.0005
ANCHOR = dt.date(2025, 6, 16)


def test_tiny_dataset_is_valid(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "bench", "generate", "--db", "sqlite", "--scale", str(SCALE),
         "--anchor", ANCHOR.isoformat(), "--data-dir", str(tmp_path)],
        cwd=ROOT, check=True, capture_output=True,
    )
    db = sqlite3.connect(tmp_path / "portal_s0_0005.sqlite3")
    applied = {name for (name,) in db.execute("SELECT name FROM tortoise_migrations")}
    assert "0001_initial" in applied  # the tables came from `portal migrate`

    expected = counts(SCALE)
    for table, n in expected.items():
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n
    manifest = json.loads((tmp_path / "portal_s0_0005.sqlite.json").read_text())
    assert manifest["tables"]["inspection_result"]["rows"] == expected["inspection_result"]

    for uscc, reg_no in db.execute("SELECT uscc, reg_no FROM enterprise"):
        assert check_uscc(uscc).status == CodeStatus.VALID
        if reg_no:
            check_registration_number(reg_no)
    assert db.execute("SELECT count(DISTINCT uscc) FROM enterprise").fetchone()[0] == expected[
        "enterprise"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    states = dict(db.execute(
        "SELECT publication_state, count(*) FROM inspection_result GROUP BY 1").fetchall())
    assert 0.9 < states["published"] / expected["inspection_result"] < 0.99
    assert db.execute("SELECT min(inspected_on), max(inspected_on) FROM inspection_result"
                      ).fetchone() == ((ANCHOR - dt.timedelta(days=3 * 365)).isoformat(),
                                       ANCHOR.isoformat())

    rules = {r[0]: SimpleNamespace(id=r[0], min_months=r[1], max_months=r[2])
             for r in db.execute("SELECT id, min_months, max_months FROM display_rule")}
    rows = db.execute("SELECT decided_on AS start, displayed_until, repairable_from, "
                      "display_rule_id FROM penalty UNION ALL SELECT listed_on, displayed_until, "
                      "repairable_from, display_rule_id FROM list_entry").fetchall()
    for start, until, repair, rule_id in rows:
        window = window_from(rules[rule_id], dt.date.fromisoformat(start))  # type: ignore[arg-type]
        assert (until, repair) == (
            window.displayed_until and window.displayed_until.isoformat(),
            window.repairable_from and window.repairable_from.isoformat(),
        )


def test_the_indexer_memory_is_the_tree_pss() -> None:
    """PSS of this process (no workers here) is positive and no more than its resident size."""
    from pathlib import Path

    from bench.search.build import tree_pss_kb

    rss_kb = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                  if line.startswith("VmRSS:"))
    assert 0 < tree_pss_kb() <= rss_kb
