"""The public "verify this draw" page and API: verification, and nothing private leaks."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.sampling import drawing
from portal.sampling.directory import TargetProfile
from portal.sampling.records import TaskDraw
from schema.public import sdl as public_sdl
from tests import factories

pytestmark = pytest.mark.anyio
SEED = bytes(range(32))

QUERY = """query($t: ID!) { samplingDraw(taskId: $t) { seed frameSize frameCodes
  strata { label size quota } picks { uscc inspectors } verification { ok drawn problems } } }"""


async def _drawn(run: bool = True) -> int:
    with clock.frozen(dt.date(2025, 6, 16)):
        task = await factories.drawable_task()
        actor = Actor(id="staff:1", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
                      department_ids=frozenset({task.department_id}))  # type: ignore[attr-defined]
        await drawing.commit_draw(actor, task.id, seed=SEED)
        if run:
            await drawing.run_draw(actor, task.id)
    return task.id


async def _api(client: httpx.AsyncClient, task_id: int) -> dict:  # type: ignore[type-arg]
    r = await client.post("/graphql", json={"query": QUERY, "variables": {"t": str(task_id)}})
    assert r.status_code == 200, r.text
    return r.json()["data"]["samplingDraw"]  # type: ignore[no-any-return]


async def test_before_the_draw_the_seed_is_hidden_and_after_it_anyone_can_verify(
    client: httpx.AsyncClient,
) -> None:
    task_id = await _drawn(run=False)
    before = await _api(client, task_id)
    assert before["seed"] is None and before["picks"] == [] and before["frameSize"] == 40
    assert before["verification"] == {"ok": True, "drawn": False, "problems": []}
    page = await client.get(f"/sampling-tasks/{task_id}/draw")
    assert page.status_code == 200 and "尚未抽取" in page.text
    with clock.frozen(dt.date(2025, 6, 17)):
        actor = Actor(id="staff:1", kind=ActorKind.STAFF, roles=frozenset({"editor"}),
                      department_ids=frozenset({(await factories.department()).id}))
        await drawing.run_draw(actor, task_id)
    after = await _api(client, task_id)
    assert after["seed"] == SEED.hex() and len(after["picks"]) == 11
    assert all(len(p["inspectors"]) == 2 for p in after["picks"])
    assert after["verification"] == {"ok": True, "drawn": True, "problems": []}
    page = await client.get(f"/sampling-tasks/{task_id}/draw")
    assert page.status_code == 200 and "<strong>一致</strong>" in page.text
    task = await factories.SamplingTask.get(id=task_id)
    plan_page = await client.get(f"/sampling-plans/{task.plan_id}")  # type: ignore[attr-defined]
    assert f'href="/sampling-tasks/{task_id}/draw"' in plan_page.text


async def test_a_tampered_frame_is_reported_on_the_page(client: httpx.AsyncClient) -> None:
    task_id = await _drawn()
    row = await TaskDraw.get(task_id=task_id)
    await TaskDraw.filter(id=row.id).update(frame_codes=row.frame_codes.replace(
        row.frame_codes.splitlines()[0], "91330782MA0000000X"))
    page = await client.get(f"/sampling-tasks/{task_id}/draw")
    assert page.status_code == 200 and "不一致" in page.text and "名录被改动" in page.text


async def test_risk_grades_and_strata_membership_never_leak(client: httpx.AsyncClient) -> None:
    task_id = await _drawn()
    data = await _api(client, task_id)
    grades = {p.risk_grade.value for p in await TargetProfile.all()}
    assert grades == {"A", "B", "C", "D"}
    assert [s["label"] for s in data["strata"]] == ["S1", "S2", "S3", "S4"]
    page = (await client.get(f"/sampling-tasks/{task_id}/draw")).text
    assert "风险等级 A" not in page and "risk" not in page.lower()
    row = await TaskDraw.get(task_id=task_id)
    for line in row.labelled_frame.splitlines()[:5]:  # "S1<TAB>code" never appears publicly
        assert line not in page and line.replace("\t", " ") not in page
    text = public_sdl()
    for word in ("riskGrade", "risk_grade", "labelledFrame", "conflicts", "seedHex"):
        assert word not in text


async def test_an_unpublished_task_shows_nothing(client: httpx.AsyncClient) -> None:
    task_id = await _drawn()
    await factories.SamplingTask.filter(id=task_id).update(publication_state=factories.DRAFT)
    assert await _api(client, task_id) is None
    page = await client.get(f"/sampling-tasks/{task_id}/draw")
    assert page.status_code == 404
    bad = await client.get("/sampling-tasks/99999/draw")
    assert bad.status_code == 404
