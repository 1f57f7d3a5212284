"""The display-window expiry job: each expiry once, audited, indexed out, noticed for blacklists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from portal.core import audit, clock
from portal.core.actors import Actor, ActorKind
from portal.core.jobs import JobWatermark
from portal.core.models import AuditEntry, NoticeAction, OutboxEvent, PublicNotice
from portal.core.policies import Forbidden
from portal.core.publication import PublicationState
from portal.credit.expiry import expire_windows
from portal.credit.models import ListKind, Severity
from search.backend import SearchBackend
from search.indexer import drain
from search.query import SearchRequest
from search.reindex import reindex
from tests import factories as f
from tests.gql import gql

pytestmark = pytest.mark.anyio

START = dt.date(2025, 6, 16)
DECIDED = dt.date(2025, 3, 1)  # general penalty: shown until 2026-02-28
LAST_DAY = dt.date(2026, 2, 28)
AFTER = LAST_DAY + dt.timedelta(days=1)


async def uids(backend: SearchBackend, *segments: str) -> set[str]:
    return {h.uid for h in (await backend.search(SearchRequest(segments, limit=50))).hits}


@pytest.fixture
async def embedded(tmp_path: Path, db_clean: None):  # type: ignore[no-untyped-def]
    from search import runtime
    from search.embedded import EmbeddedBackend

    made = EmbeddedBackend(tmp_path, writer_heap=20_000_000)
    await made.ensure_ready()
    runtime.install(made)
    try:
        yield made
    finally:
        runtime.uninstall(made)
        await made.close()


async def test_a_penalty_leaves_api_page_search_and_feed_after_its_last_day(
    client: httpx.AsyncClient, embedded: SearchBackend
) -> None:
    with clock.frozen(START):
        ent = await f.enterprise("义乌市电热水壶销售有限公司")
        pen = await f.penalty(ent, decided_on=DECIDED)
        pen.violation = "销售不合格的电热水壶"
        await pen.save()
        assert pen.displayed_until == LAST_DAY
        await expire_windows()  # first run: sets the watermark
        await reindex(embedded)
    query = "query($id: ID!) { penalty(id: $id) { id displayedUntil } }"
    with clock.frozen(LAST_DAY):
        assert (await expire_windows()).total == 0
        assert (await gql(client, query, {"id": str(pen.id)}))["data"]["penalty"]["id"]
        page = await client.get(f"/penalties/{pen.id}")
        assert page.status_code == 200 and "公示至 2026年2月28日" in page.text
        assert "公示至 2026年2月28日" in (await client.get(f"/enterprises/{ent.uscc}")).text
        assert f"/penalties/{pen.id}" in (await client.get("/feeds/penalties.atom")).text
        assert f"penalty-{pen.id}" in await uids(embedded, "电热水壶")
    with clock.frozen(AFTER):
        body = await gql(client, query, {"id": str(pen.id)})
        assert body["data"] is None or body["data"]["penalty"] is None
        assert (await client.get(f"/penalties/{pen.id}")).status_code == 404
        assert f"/penalties/{pen.id}" not in (await client.get("/feeds/penalties.atom")).text
        assert f"/penalties/{pen.id}" not in (await client.get("/feeds/all.atom")).text
        report = await expire_windows()
        assert (report.penalties, report.list_entries, report.notices) == (1, 0, 0)
        await drain(embedded)
        assert f"penalty-{pen.id}" not in await uids(embedded, "电热水壶")
        # Processed once: a second run finds nothing.
        assert (await expire_windows()).total == 0
    entries = await AuditEntry.filter(action="penalty.expire")
    assert [(e.actor, e.subject_id) for e in entries] == [("system", str(pen.id))]
    assert entries[0].before == {"displayed_until": "2026-02-28", "public": True}
    assert await audit.verify() == []


async def test_a_blacklist_entry_expiring_while_listed_leaves_a_delisting_notice(
    client: httpx.AsyncClient,
) -> None:
    with clock.frozen(START):
        ent = await f.enterprise("金华市逾期名录有限公司")
        listed = await f.list_entry(ent, kind=ListKind.SERIOUS_DISHONESTY,
                                    listed_on=dt.date(2022, 7, 1))  # 3 years: until 2025-06-30
        removed = await f.list_entry(await f.enterprise(), listed_on=dt.date(2022, 7, 1),
                                     removed_on=dt.date(2023, 1, 1))
        await expire_windows()
    with clock.frozen(dt.date(2025, 6, 30)):  # the last day
        feed = (await client.get("/feeds/lists/serious-dishonesty.atom")).text
        assert f"list_entry/{listed.id}<" in feed
        assert (await client.get(f"/lists/entries/{listed.id}")).status_code == 200
    with clock.frozen(dt.date(2025, 7, 1)):
        report = await expire_windows()
        assert (report.list_entries, report.notices) == (2, 1)
        assert (await client.get(f"/lists/entries/{listed.id}")).status_code == 404
        body = await gql(client, "query($id: ID!) { listEntry(id: $id) { id } }",
                         {"id": str(listed.id)})
        assert body["data"] is None or body["data"]["listEntry"] is None
    notice = await PublicNotice.get(object_id=listed.id, kind="list_entry")
    assert notice.action == NoticeAction.EXPIRED
    assert notice.enterprise_id == ent.id and notice.department_id == listed.department_id
    assert "严重违法失信名单" in notice.title and "2025-06-30" in notice.summary
    assert not await PublicNotice.filter(object_id=removed.id).exists()
    events = await OutboxEvent.filter(kind="list_entry").values_list("object_id", flat=True)
    assert sorted(events) == sorted([str(listed.id), str(removed.id)])
    with clock.frozen(dt.date(2025, 7, 1)):
        feed = (await client.get("/feeds/lists/serious-dishonesty.atom")).text
        assert f"notice/{notice.id}" in feed and "公示期满" in feed
        assert f"list_entry/{listed.id}<" not in feed  # the listing itself has left
        firm = (await client.get(f"/feeds/enterprises/{ent.uscc}.atom")).text
        assert f"notice/{notice.id}" in firm and f"list_entry/{listed.id}<" not in firm


async def test_catches_up_after_downtime_in_batches_each_row_once(db_clean: None) -> None:
    with clock.frozen(START):
        ent = await f.enterprise()
        days = [dt.date(2025, 3, 1), dt.date(2025, 3, 2), dt.date(2025, 3, 3)]
        rows = [await f.penalty(ent, decided_on=d) for d in days]
        rows.append(await f.penalty(ent, decided_on=days[0]))  # same last day, next id
        draft = await f.penalty(ent, state=PublicationState.DRAFT, decided_on=days[0])
        withdrawn = await f.penalty(ent, decided_on=days[0])
        withdrawn.publication_state = PublicationState.WITHDRAWN
        await withdrawn.save()
        await expire_windows()
    # Down for ten days after the first window ended: one run catches up on all of them.
    with clock.frozen(dt.date(2026, 3, 13)):
        report = await expire_windows(batch=2)
        assert report.penalties == 4 and report.batches == 2
        assert sorted(report.ids["penalty"]) == sorted(r.id for r in rows)
        assert (await expire_windows(batch=2)).total == 0
    expired = set(await AuditEntry.filter(action="penalty.expire").values_list("subject_id", flat=True))
    assert expired == {str(r.id) for r in rows}
    assert str(draft.id) not in expired and str(withdrawn.id) not in expired
    mark = await JobWatermark.get(name="expiry.penalty")
    assert mark.processed == 4 and mark.cursor_day == dt.date(2026, 3, 2)


async def test_first_run_looks_back_one_week_only(db_clean: None) -> None:
    with clock.frozen(dt.date(2024, 6, 20)):
        ent = await f.enterprise()
        long_ago = await f.penalty(ent, decided_on=dt.date(2024, 5, 1))  # ended 2025-04-30
        recent = await f.penalty(ent, decided_on=dt.date(2024, 6, 12))  # ended 2025-06-11
    with clock.frozen(START):
        report = await expire_windows()
    assert report.ids == {"penalty": [recent.id]}
    expired = await AuditEntry.filter(action="penalty.expire").values_list("subject_id", flat=True)
    assert expired == [str(recent.id)] and str(long_ago.id) not in expired


async def test_a_row_going_live_after_its_window_is_skipped(db_clean: None) -> None:
    with clock.frozen(START):
        ent = await f.enterprise()
        late = await f.penalty(ent, severity=Severity.GENERAL, decided_on=dt.date(2024, 6, 12))
        late.published_at = clock.now()  # went live after 2025-06-11: never public
        await late.save()
        await expire_windows()
    assert not await AuditEntry.filter(action="penalty.expire").exists()


async def test_only_the_system_or_credit_officers_everywhere_may_run_it(db_clean: None) -> None:
    editor = Actor(id="7", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
                   department_ids=frozenset({1}))
    with pytest.raises(Forbidden):
        await expire_windows(editor)
    assert not await JobWatermark.exists()
