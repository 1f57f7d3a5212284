"""What the public sees after review: masked text everywhere, notices for withdrawn records."""

from __future__ import annotations

import httpx
import pytest

from portal.core.redaction import MARKER
from portal.publishing import services
from search.backend import SearchBackend
from search.indexer import drain
from search.query import SearchRequest
from search.specs import documents_for_ids
from tests import factories as f

pytestmark = pytest.mark.anyio
PHONE = "13912345678"


async def _publish_penalty(**overrides: str) -> int:
    dept = await f.department()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    rev = await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise(), **overrides),
                                    department_id=dept.id)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "penalty", rev.object_id, action)
    return rev.object_id


async def test_a_phone_typed_into_a_penalty_never_reaches_a_public_path(
        client: httpx.AsyncClient, embedded: SearchBackend) -> None:
    pid = await _publish_penalty(basis=f"举报人电话 {PHONE}", content=f"联系 {PHONE} 整改")
    await drain(embedded)
    [document] = await documents_for_ids("penalty", [pid])
    assert PHONE not in str(document) and MARKER in str(document)
    assert not (await embedded.search(SearchRequest((PHONE,), limit=10))).hits
    assert (await embedded.search(SearchRequest(("义市监处罚",), limit=10))).hits
    responses = [
        await client.get(f"/penalties/{pid}"), await client.get("/penalties"),
        await client.get("/search?q=义市监处罚"),
        await client.post("/graphql", json={"query": "{ penalties(first: 50) { nodes { violation basis content } } }"}),
        await client.post("/graphql", json={"query": f'{{ penalty(id: "{pid}") {{ violation basis content }} }}'}),
    ]
    for response in responses:
        assert response.status_code == 200, response.url
        assert PHONE not in response.text and "1391234" not in response.text
    assert MARKER in responses[0].text
    found = await client.post("/graphql", json={"query": f'{{ search(query: "{PHONE}") {{ total }} }}'})
    assert found.json()["data"]["search"]["total"] == 0


async def test_withdrawn_record_page_shows_the_notice_not_the_content(
        client: httpx.AsyncClient, embedded: SearchBackend) -> None:
    pid = await _publish_penalty()
    await drain(embedded)
    assert (await embedded.search(SearchRequest(("义市监处罚",), limit=10))).hits
    dept = await f.department()
    await services.transition(f.staff_as("reviewer", dept, 2), "penalty", pid, "withdraw",
                              reason="决定已被复议撤销")
    await drain(embedded)
    assert not (await embedded.search(SearchRequest(("义市监处罚",), limit=10))).hits
    page = await client.get(f"/penalties/{pid}")
    assert page.status_code == 410
    assert "已撤回" in page.text and "决定已被复议撤销" in page.text and "行政处罚决定书" in page.text
    assert "销售不合格商品" not in page.text and "罚款人民币" not in page.text
    assert (await client.get("/penalties/999999")).status_code == 404


async def test_corrected_record_page_shows_the_correction_notice(client: httpx.AsyncClient) -> None:
    pid = await _publish_penalty()
    dept = await f.department()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    await services.transition(editor, "penalty", pid, "correct", reason="罚款金额有误")
    await services.save_draft(editor, "penalty", {"content": "罚款人民币三千元"}, object_id=pid)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "penalty", pid, action)
    page = await client.get(f"/penalties/{pid}")
    assert page.status_code == 200 and "更正" in page.text and "罚款金额有误" in page.text
    assert "罚款人民币三千元" in page.text
