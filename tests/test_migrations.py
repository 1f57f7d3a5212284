"""The committed migrations describe exactly the current models."""

from __future__ import annotations

import pytest
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

pytestmark = pytest.mark.anyio


async def test_no_model_change_lacks_a_migration(database: str) -> None:
    from portal.config import tortoise_config

    apps_config = tortoise_config(database)["apps"]
    detector = MigrationAutodetector(Tortoise.apps, apps_config)  # type: ignore[arg-type]
    writers = await detector.changes()
    pending = [op for w in writers for op in w.operations]  # type: ignore[attr-defined]
    assert pending == [], f"models changed without a migration: {pending}"
