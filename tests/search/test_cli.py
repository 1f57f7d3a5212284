"""`portal reindex [--kind]` and `portal indexer --once`, end to end in subprocesses."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PORTAL = [sys.executable, "-m", "portal"]


def _run(args: list[str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_VAR_DIR": str(var_dir), "PORTAL_DATABASE_URL": "",
           "PORTAL_SEARCH_BACKEND": "embedded", "COLUMNS": "120"}
    return subprocess.run(PORTAL + args, capture_output=True, text=True, env=env, timeout=180,
                          check=False)


def _publish_a_regulation(var_dir: Path) -> None:
    with sqlite3.connect(var_dir / "portal.sqlite3") as db:
        db.execute(
            "INSERT INTO regulation (title, doc_number, issuer, validity, body, source_note,"
            " publication_state, published_at) VALUES (?, '', ?, 'valid', ?, '', 'published',"
            " '2020-01-01 00:00:00+00:00')",
            ("关于加强事中事后监管的意见", "某市人民政府", "健全信用监管机制。"),
        )


def test_reindex_builds_the_index_with_a_progress_bar(tmp_path: Path) -> None:
    assert _run(["migrate"], tmp_path).returncode == 0
    _publish_a_regulation(tmp_path)
    result = _run(["reindex"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "规章制度" in result.stdout and "1/1" in result.stdout
    assert "已重建搜索索引（embedded）：1 条" in result.stdout
    assert (tmp_path / "search").is_dir()
    one = _run(["reindex", "--kind", "regulation"], tmp_path)
    assert one.returncode == 0 and "：1 条" in one.stdout
    bad = _run(["reindex", "--kind", "tips"], tmp_path)
    assert bad.returncode == 2 and "未知类别" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_indexer_once_drains_and_exits(tmp_path: Path) -> None:
    assert _run(["migrate"], tmp_path).returncode == 0
    result = _run(["indexer", "--once"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "待处理事件 0 条" in result.stdout
