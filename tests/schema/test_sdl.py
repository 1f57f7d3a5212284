"""The committed SDL is the public contract: any API change shows up in review."""

from __future__ import annotations

from pathlib import Path

from schema.public import sdl

SDL_FILE = Path(__file__).resolve().parents[2] / "schema" / "public.graphql"


def test_committed_sdl_matches_the_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema/public.graphql is stale: run `portal export-schema` and commit the result"
    )
