"""The issue's acceptance on the demo data: editor enters, reviewer approves, the public sees it."""

from __future__ import annotations

import httpx
import pytest

from portal.core.policies import staff_actor
from portal.demo.seed import seed_demo
from portal.identity.models import StaffAccount
from portal.identity.services import assignments_of
from portal.inspections.queries import public_results
from portal.publishing import deadlines, queries, services
from portal.publishing.workflow import Refused
from search import service
from search.backend import SearchBackend
from search.indexer import drain

pytestmark = pytest.mark.anyio


async def _actor(username: str) -> object:
    account = await StaffAccount.get(username=username)
    return staff_actor(f"staff:{account.id}", account.display_name, await assignments_of(account.id))


async def test_demo_result_goes_public_after_review_and_the_overdue_view_has_content(
        embedded: SearchBackend, client: httpx.AsyncClient) -> None:
    counts = await seed_demo()
    assert counts["演示待公示检查结果"] >= 3
    editor, reviewer = await _actor("demo-editor"), await _actor("demo-reviewer")
    [waiting] = [r for r in await queries.queue(reviewer, kind="inspection_result") if r.state == "in_review"]
    report = await deadlines.report(reviewer, waiting.department_id)
    assert report.overdue and report.due_soon and not report.warnings
    with pytest.raises(Refused):  # not a reviewer; and no reviewer may approve their own draft
        await services.transition(editor, "inspection_result", waiting.object_id, "approve")
    for action in ("approve", "publish"):
        await services.transition(reviewer, "inspection_result", waiting.object_id, action)
    row = await public_results().select_related("enterprise").get(id=waiting.object_id)
    await drain(embedded)
    hits = (await service.search(row.enterprise.uscc, kinds=["inspection_result"])).hits
    assert str(row.id) in {h.id for h in hits}
    api = await client.post("/graphql", json={"query": """query($u: String!) { enterprise(uscc: $u) {
        inspectionResults { id } } }""", "variables": {"u": row.enterprise.uscc}})
    assert str(row.id) in api.text
    page = await client.get(f"/enterprises/{row.enterprise.uscc}")
    assert page.status_code == 200 and "演示：请由 demo-reviewer 审核通过并发布" in page.text
