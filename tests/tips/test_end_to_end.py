"""Done-when (issue 6): a tip submitted anonymously through the site is followed with its
receipt, answered by demo-tips of the assigned department in the back office, and closed; no
plaintext of it exists in the database file, the logs or the search index."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from portal.core.models import AuditEntry, OutboxEvent
from portal.identity.demo import DEMO_PASSWORD, seed_demo_staff
from portal.tips.models import TipTrack, TrackState
from search import runtime
from search.embedded import EmbeddedBackend
from search.reindex import reindex
from tests import factories
from tests.backoffice.browser import follow, forms, login
from tests.conftest import DB_URL, IS_POSTGRES

# Distinctive plaintexts: none of them may be found anywhere at rest.
DESCRIPTION = "冷库第三排货架藏有过期冻肉约两百箱编号ZX-7781"
PLACE = "稠城街道工人北路某冷库后门"
MESSAGE = "补充：每周三夜里有货车来拉冻肉车牌浙G·K5X21"
PNG_SECRET = b"PNG-SECRET-MARKER-5a1c"
PNG = b"\x89PNG\r\n\x1a\n" + PNG_SECRET + b"\x00" * 32
SECRETS = [DESCRIPTION, PLACE, MESSAGE, "工人北路", "ZX-7781", "K5X21"]
CODE = re.compile(r'id="receipt-code">([0-9 ]{19})<')


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def all_logs() -> Iterator[Everything]:
    """Every log record of every logger, SQL statements with their parameters included."""
    handler, root = Everything(), logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    for name in ("tortoise", "tortoise.db_client", "uvicorn", "uvicorn.access", "strawberry"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


def form_for(page: httpx.Response, action: str) -> dict[str, str]:
    [form] = [f for f in forms(page.text, str(page.url)) if f.action.endswith(action)]
    return form.fields


async def test_anonymous_tip_followed_answered_closed_and_nowhere_in_plaintext(
        site: httpx.AsyncClient, all_logs: Everything, tmp_path: Path,
        capfd: pytest.CaptureFixture[str]) -> None:
    dept = await factories.department("义乌市市场监督管理局")
    firm = await factories.enterprise("义乌市某冷链食品有限公司")
    await seed_demo_staff()  # demo-tips: tip handler of 义乌市市场监督管理局
    capfd.readouterr()

    # 1. Anonymous submission through the site form (no JavaScript).
    page = await site.get("/tips")
    done = await site.post("/tips", data={
        **form_for(page, "/tips"), "kinds": ["report"], "enterprise": firm.uscc, "category": "food",
        "place": PLACE, "occurred": "2025年6月", "description": DESCRIPTION,
    }, files=[("attachments", ("冷库照片.png", PNG, "image/png"))])
    assert done.status_code == 200, done.text
    code = CODE.search(done.text).group(1).replace(" ", "")  # type: ignore[union-attr]
    track = await TipTrack.get()
    assert track.department_id == dept.id  # routed to the enterprise's department

    # 2. Follow-up with the receipt code.
    entry = await site.get("/tips/follow-up")
    opened = await site.post("/tips/follow-up", data={**form_for(entry, "/tips/follow-up"), "receipt": code})
    status = await follow(site, opened)
    assert "举报：登记" in status.text
    await site.post("/tips/status/messages", data={**form_for(status, "/tips/status/messages"),
                                                   "body": MESSAGE})

    # 3. demo-tips handles it in the back office: accept, assign, investigate, handle,
    #    answer the submitter (feedback) and close.
    await login(site, "demo-tips", password=DEMO_PASSWORD)
    inbox = await site.get("/backoffice/tips")
    assert f"/backoffice/tips/{track.tip_id}" in inbox.text  # type: ignore[attr-defined]
    detail = await site.get(f"/backoffice/tips/{track.tip_id}")  # type: ignore[attr-defined]
    assert DESCRIPTION in detail.text and MESSAGE in detail.text and "匿名" in detail.text
    steps = [("accept", {}), ("assign", {"department": str(dept.id)}), ("start", {}),
             ("handle", {"outcome": "case_opened"}),
             ("feedback", {"text": "已立案调查，感谢您的举报。"}), ("close", {})]
    for action, values in steps:
        fields = form_for(detail, f"/tracks/{track.id}/{action}")
        moved = await site.post(f"/backoffice/tips/tracks/{track.id}/{action}", data={**fields, **values})
        assert moved.status_code == 303, (action, moved.text[:500])
        detail = await follow(site, moved)
    assert (await TipTrack.get(id=track.id)).state == TrackState.CLOSED

    # 4. The submitter sees the answer and the closing with the receipt.
    final = await site.get("/tips/status")
    assert "举报：办结" in final.text and "已立案调查，感谢您的举报。" in final.text

    # 5. No plaintext at rest: database file, logs, audit log, search index.
    if not IS_POSTGRES:
        path = Path(DB_URL.removeprefix("sqlite://"))
        data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert firm.name.encode() in data  # the scan sees what is stored in plain text
        for secret in SECRETS:
            assert secret.encode() not in data, secret
        assert PNG_SECRET not in data and code.encode() not in data
    logged = "\n".join(all_logs.lines) + capfd.readouterr().out
    assert all_logs.lines  # the SQL statements were captured
    for secret in [*SECRETS, code]:
        assert secret not in logged, secret
    audit = " ".join(str((e.before, e.after, e.reason)) for e in await AuditEntry.all())
    assert not any(s in audit for s in SECRETS)
    assert not await OutboxEvent.filter(kind__icontains="tip").exists()
    backend = EmbeddedBackend(tmp_path / "index", writer_heap=20_000_000)
    runtime.install(backend)
    try:
        await reindex(backend)
        for text in ("过期冻肉", "ZX-7781", "工人北路", firm.name):
            answer = await site.post("/graphql", json={
                "query": "query($q: String!) { search(query: $q) { total hits { kind title snippet } } }",
                "variables": {"q": text}})
            assert answer.json().get("data"), answer.text
            hits = answer.json()["data"]["search"]["hits"]
            assert all(h["kind"] == "ENTERPRISE" for h in hits), (text, hits)
            assert not any(s in str(hits) for s in SECRETS)
            if text == firm.name:  # the index is really there: the enterprise itself is found
                assert hits, answer.text
    finally:
        runtime.uninstall(backend)
        await backend.close()


async def test_identity_contact_and_files_from_the_api_are_sealed_at_rest(site: httpx.AsyncClient) -> None:
    import base64

    identity, contact = "孙八 330782198802023456", "微信号 sunba-whistle-77"
    await factories.department()
    firm = await factories.enterprise("义乌市某商行")
    answer = await site.post("/graphql", json={
        "query": "mutation($i: SubmitTipInput!) { submitTip(input: $i) { receipt } }",
        "variables": {"i": {
            "kinds": ["REPORT"], "enterprise": firm.name, "category": "pricing", "place": "某商行柜台",
            "occurred": "上周", "description": "价格标签与结算价不符",
            "identity": identity, "contact": contact,
            "attachments": [{"name": "收据.pdf", "contentBase64": base64.b64encode(
                b"%PDF-1.4\nPDF-SECRET-MARKER-99\n%%EOF").decode()}]}}})
    receipt = answer.json()["data"]["submitTip"]["receipt"]
    follow_up = await site.post("/graphql", json={
        "query": 'mutation($r: String!) { addTipMessage(receipt: $r, body: "我的新电话 13600009999") { category } }',
        "variables": {"r": receipt}})
    assert follow_up.json()["data"]["addTipMessage"]["category"] == "价格收费"
    if IS_POSTGRES:
        pytest.skip("the file scan is for the SQLite database file")
    path = Path(DB_URL.removeprefix("sqlite://"))
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert firm.name.encode() in data  # the scan sees what is stored in plain text
    for secret in (identity, contact, "sunba-whistle", "13600009999", "价格标签与结算价不符",
                   "PDF-SECRET-MARKER-99", receipt, "收据"):
        assert secret.encode() not in data, secret
