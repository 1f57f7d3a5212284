"""The committed staff SDL is the back-office API contract: any change shows up in review."""

from __future__ import annotations

from pathlib import Path

from schema.staff import sdl

SDL_FILE = Path(__file__).resolve().parents[2] / "schema" / "staff.graphql"


def test_committed_staff_sdl_matches_the_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema/staff.graphql is stale: run `portal export-schema --staff` and commit the result"
    )


def test_the_staff_schema_is_separate_from_the_public_one() -> None:
    from schema.public import sdl as public_sdl

    public = public_sdl()
    assert "staffAccounts" not in public and "auditEntries" not in public
    assert "type Mutation" in sdl()


def test_export_schema_writes_the_staff_sdl(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    out = tmp_path / "staff.graphql"
    result = subprocess.run([sys.executable, "-m", "portal", "export-schema", "--staff", "--out", str(out)],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "PORTAL_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == sdl()
