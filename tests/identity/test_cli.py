"""`portal staff|clients|audit` end to end, in subprocesses on a throw-away SQLite database.

Includes the tamper tests: an edited, deleted or inserted audit entry makes
`portal audit verify` exit non-zero, and so does deleting the newest entries once the chain
head has been anchored.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PORTAL = [sys.executable, "-m", "portal"]
CHEAP = {"PORTAL_ARGON2_TIME_COST": "1", "PORTAL_ARGON2_MEMORY_COST": "8",
         "PORTAL_ARGON2_PARALLELISM": "1"}


def _run(args: list[str], var_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_VAR_DIR": str(var_dir), "PORTAL_DATABASE_URL": "", **CHEAP,
           "COLUMNS": "200"}
    return subprocess.run(PORTAL + args, capture_output=True, text=True, env=env, input=stdin,
                          timeout=120, check=False)


def _ok(args: list[str], var_dir: Path, stdin: str = "") -> str:
    result = _run(args, var_dir, stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with a few audited changes, made through the CLI."""
    var = tmp_path_factory.mktemp("cli")
    _ok(["migrate"], var)
    created = _ok(["staff", "create", "alice", "--name", "爱丽丝", "--role", "administrator@*"], var)
    assert "初始密码" in created and "otpauth://totp/" in created
    _ok(["staff", "create", "bob", "--name", "鲍勃", "--role", "editor@*", "--password-stdin"], var,
        stdin="bob-has-a-long-password\n")
    _ok(["staff", "disable", "bob", "--reason", "离职"], var)
    reset = _ok(["staff", "reset-totp", "alice", "--reason", "更换手机"], var)
    assert "动态口令密钥" in reset
    client = _ok(["clients", "create", "义乌市局执法办案系统", "--scope", "audit:read"], var)
    assert re.search(r"client_secret.*= \S{20,}", client)
    return var


def _copy(var: Path, tmp_path: Path) -> Path:
    (tmp_path / "portal.sqlite3").write_bytes((var / "portal.sqlite3").read_bytes())
    return tmp_path


def test_commands_report_and_list(populated: Path) -> None:
    listing = _ok(["staff", "list"], populated)
    assert "alice" in listing and "bob" in listing and "停用" in listing
    assert "义乌市局执法办案系统" in _ok(["clients", "list"], populated)


def test_operator_errors_are_messages_not_tracebacks(populated: Path) -> None:
    for args in (["staff", "create", "carol", "--name", "卡罗尔", "--role", "boss@*"],
                 ["staff", "disable", "nobody", "--reason", "x"],
                 ["staff", "totp-code", "alice"],
                 ["clients", "create", "x", "--scope", "everything"]):
        result = _run(args, populated)
        assert result.returncode == 1, args
        assert "✗" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_an_intact_log_verifies(populated: Path) -> None:
    out = _ok(["audit", "verify"], populated)
    assert "审计日志完整" in out and "链头：" in out


@pytest.mark.parametrize("tamper,seq", [
    ("UPDATE audit_entry SET reason = '改过了' WHERE seq = 3", 3),
    ("DELETE FROM audit_entry WHERE seq = 2", 3),
    ("UPDATE audit_entry SET actor = 'staff:999' WHERE seq = 1", 1),
])
def test_tampering_is_detected(populated: Path, tmp_path: Path, tamper: str, seq: int) -> None:
    var = _copy(populated, tmp_path)
    with sqlite3.connect(var / "portal.sqlite3") as conn:
        conn.execute(tamper)
    result = _run(["audit", "verify"], var)
    assert result.returncode == 1
    assert f"第 {seq} 条" in result.stdout and "校验失败" in result.stdout


def test_an_inserted_entry_is_detected(populated: Path, tmp_path: Path) -> None:
    var = _copy(populated, tmp_path)
    with sqlite3.connect(var / "portal.sqlite3") as conn:
        last = conn.execute("SELECT seq, at FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
        conn.execute(
            "INSERT INTO audit_entry (seq, at, actor, actor_role, action, subject_kind, subject_id,"
            " reason, prev_hash, hash) VALUES (?, ?, 'staff:9', '', 'staff.enable', 'staff', '2',"
            " '', ?, ?)", (last[0] + 1, last[1], "f" * 64, "e" * 64))
    assert _run(["audit", "verify"], var).returncode == 1


def test_deleting_the_newest_entries_is_caught_by_an_anchor(populated: Path, tmp_path: Path) -> None:
    var = _copy(populated, tmp_path)
    anchored = _ok(["audit", "anchor"], var)
    assert "已记录锚点" in anchored
    assert _run(["audit", "verify"], var).returncode == 0
    with sqlite3.connect(var / "portal.sqlite3") as conn:
        conn.execute("DELETE FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM audit_entry)")
    result = _run(["audit", "verify"], var)
    assert result.returncode == 1 and "锚点" in result.stdout
    # Without the anchor the shorter chain is self-consistent: that is the documented limit.
    (var / "audit-anchors.txt").unlink()
    assert _run(["audit", "verify"], var).returncode == 0


def test_totp_codes_are_printed_for_demo_accounts_only(populated: Path, tmp_path: Path) -> None:
    var = _copy(populated, tmp_path)
    assert _run(["staff", "totp-code", "alice"], var).returncode == 1
    with sqlite3.connect(var / "portal.sqlite3") as conn:
        conn.execute("UPDATE staff_account SET is_demo = 1 WHERE username = 'alice'")
    assert re.fullmatch(r"\d{6}\n", _ok(["staff", "totp-code", "alice"], var))
