"""`portal expire` (for cron) and the in-process timer of the embedded default."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.models import AuditEntry
from portal.credit.expiry import run_periodically
from tests import factories as f


def _run(args: list[str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_VAR_DIR": str(var_dir), "PORTAL_DATABASE_URL": ""}
    return subprocess.run([sys.executable, "-m", "portal", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_portal_expire_runs_once_and_reports(tmp_path: Path) -> None:
    assert _run(["migrate"], tmp_path).returncode == 0
    result = _run(["expire"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "公示期满处理完成：行政处罚 0 条，名录 0 条，公告 0 条" in result.stdout


def test_the_timer_runs_in_process_on_the_embedded_default() -> None:
    assert Settings(search_backend="embedded").expiry_in_process
    assert not Settings(search_backend="meilisearch").expiry_in_process
    assert Settings(search_backend="meilisearch", expiry_job="in_process").expiry_in_process
    assert not Settings(expiry_job="external").expiry_in_process


@pytest.mark.anyio
async def test_the_timer_expires_rows_and_keeps_running(db_clean: None) -> None:
    with clock.frozen(dt.date(2024, 6, 20)):
        await f.penalty(await f.enterprise(), decided_on=dt.date(2024, 6, 12))  # ends 2025-06-11
    with clock.frozen(dt.date(2025, 6, 16)):
        task = asyncio.create_task(run_periodically(0.01))
        try:
            for _ in range(200):
                if await AuditEntry.filter(action="penalty.expire").exists():
                    break
                await asyncio.sleep(0.02)
            assert not task.done()
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert await AuditEntry.filter(action="penalty.expire").count() == 1
