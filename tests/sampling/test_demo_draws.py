"""The demo: a drawn task anyone can verify, and a task demo-editor can draw."""

from __future__ import annotations

import httpx
import pytest

from portal.core.policies import staff_actor
from portal.demo.seed import seed_demo
from portal.identity.models import StaffAccount
from portal.identity.services import assignments_of
from portal.sampling import drawing, results, verification
from portal.sampling.models import SamplingTask
from portal.sampling.records import TaskDraw

pytestmark = pytest.mark.anyio


async def test_demo_plan_is_drawn_verified_and_drawable_by_demo_editor(
    client: httpx.AsyncClient,
) -> None:
    counts = await seed_demo()
    assert counts["可验证抽取"] > 0
    drawn = await TaskDraw.get(drawn_at__not_isnull=True)
    page = await client.get(f"/sampling-tasks/{drawn.task_id}/draw")  # type: ignore[attr-defined]
    assert page.status_code == 200 and "<strong>一致</strong>" in page.text
    waiting = await SamplingTask.get(name="第二批食品经营者抽查（待抽取）")
    account = await StaffAccount.get(username="demo-editor")
    editor = staff_actor(f"staff:{account.id}", account.display_name,
                         await assignments_of(account.id))
    await drawing.commit_draw(editor, waiting.id)
    await drawing.run_draw(editor, waiting.id)
    assert [v.ok for v in await verification.verify_all()] == [True, True]
    assert (await verification.verify_full(waiting.id)).ok  # type: ignore[union-attr]
    mine = await results.my_assignments(editor)  # demo-editor is also inspector ZJ3307820001
    assert isinstance(mine, list)
