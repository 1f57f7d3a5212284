"""Reference rows are served from a per-process cache: new rows at once, renames after the TTL."""

from __future__ import annotations

import pytest

from portal.config import get_settings
from portal.reference import queries
from portal.reference.models import Department
from tests import factories as f
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio


async def test_cached_rows_new_rows_and_expiry(db_clean: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await f.department("甲市市场监督管理局")
    assert [d.name for d in await queries.departments_by_ids([first.id])] == [first.name]
    with count_queries() as counter:
        assert (await queries.departments_by_ids([first.id]))[0].name == first.name  # type: ignore[union-attr]
    assert counter == []

    second = await f.department("乙市市场监督管理局")
    found = await queries.departments_by_ids([second.id, first.id, 999_999])
    assert [d.name if d else None for d in found] == [second.name, first.name, None]

    await Department.filter(id=first.id).update(name="甲市市场监管局（更名）")
    assert (await queries.departments_by_ids([first.id]))[0].name == first.name  # type: ignore[union-attr]
    cache = queries._departments
    monkeypatch.setattr(cache, "loaded_at", cache.loaded_at - get_settings().reference_cache_seconds - 1)
    renamed = await queries.departments_by_ids([first.id])
    assert renamed[0] is not None and renamed[0].name == "甲市市场监管局（更名）"
