"""The `portal` CLI end to end, in subprocesses (it owns its own event loop and connections)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PORTAL = [sys.executable, "-m", "portal"]


def _run(args: list[str], var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PORTAL_VAR_DIR": str(var_dir), "PORTAL_DATABASE_URL": "", **env}
    return subprocess.run(PORTAL + args, capture_output=True, text=True, env=environment,
                          timeout=120, check=False)


def test_check_reports_an_unmigrated_database_then_passes(tmp_path: Path) -> None:
    before = _run(["check"], tmp_path)
    assert before.returncode == 1
    assert "portal migrate" in before.stdout
    assert _run(["migrate"], tmp_path).returncode == 0
    after = _run(["check"], tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "设置与连接正常" in after.stdout


def test_check_reports_an_unreachable_database(tmp_path: Path) -> None:
    result = _run(["check"], tmp_path,
                  PORTAL_DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert result.returncode == 1
    assert "无法连接数据库" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    out = tmp_path / "public.graphql"
    result = _run(["export-schema", "--out", str(out)], tmp_path)
    assert result.returncode == 0
    assert "type Query" in out.read_text(encoding="utf-8")


def test_served_portal_answers_pages_and_api(tmp_path: Path) -> None:
    """The real server process: lifespan-opened connections must reach request handlers."""
    import socket
    import time

    import httpx

    assert _run(["migrate"], tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path), "PORTAL_DATABASE_URL": ""}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(PORTAL + ["serve", "--port", str(port)], env=environment,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/enterprises", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        page = httpx.get(base + "/enterprises", timeout=5)
        assert page.status_code == 200, (tmp_path / "server.log").read_text()
        api = httpx.post(base + "/graphql", json={"query": "{ departments { id } }"}, timeout=5)
        assert api.json() == {"data": {"departments": []}}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_demo_seed_twice_is_a_clear_message(tmp_path: Path) -> None:
    assert _run(["migrate"], tmp_path).returncode == 0
    assert _run(["seed", "--demo"], tmp_path).returncode == 0
    again = _run(["seed", "--demo"], tmp_path)
    assert again.returncode == 1
    assert "Traceback" not in again.stdout + again.stderr
    skipped = _run(["seed", "--demo", "--if-empty"], tmp_path)
    assert skipped.returncode == 0 and "跳过" in skipped.stdout
