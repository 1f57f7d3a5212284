"""The go-live moment is compared correctly on both databases (SQLite compares stored text)."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.publication import PublicationState
from portal.regulations.models import Regulation
from portal.regulations.queries import public_regulations
from tests import factories as f

pytestmark = pytest.mark.anyio


async def test_a_scheduled_go_live_hours_ahead_is_not_public_yet(db_clean: None) -> None:
    now = clock.now()
    soon = await f.regulation("两小时后上线")
    later = await f.regulation("七小时后上线")
    past = await f.regulation("已上线")
    soon.published_at = now + dt.timedelta(hours=2)
    await soon.save(update_fields=["published_at"])  # assigned in CST, as a service would
    later.published_at = clock.local(now) + dt.timedelta(hours=7)
    await later.save(update_fields=["published_at"])
    titles = await public_regulations().values_list("title", flat=True)
    assert titles == [past.title]
    with clock.frozen(clock.local(now) + dt.timedelta(hours=3)):
        assert sorted(await public_regulations().values_list("title", flat=True)) == sorted(
            [past.title, soon.title])


async def test_states_other_than_published_are_never_public(db_clean: None) -> None:
    for state in PublicationState:
        await f.regulation(f"状态 {state}", state=state)
    shown = await public_regulations().values_list("title", flat=True)
    assert shown == [f"状态 {PublicationState.PUBLISHED}"]
    assert await Regulation.all().count() == len(PublicationState)
