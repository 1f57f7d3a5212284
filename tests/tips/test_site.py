"""The public tip pages, driven like a browser without JavaScript (plain forms)."""

from __future__ import annotations

import re

import httpx

from portal.tips import abuse
from portal.tips.models import Tip, TipAttachment
from tests import factories
from tests.backoffice.browser import forms

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64
CODE = re.compile(r'id="receipt-code">([0-9 ]{19})<')


def form_for(page: httpx.Response, action: str) -> dict[str, str]:
    [form] = [f for f in forms(page.text, str(page.url)) if f.action.endswith(action)]
    return form.fields


async def _form(client: httpx.AsyncClient, path: str = "/tips") -> dict[str, str]:
    page = await client.get(path)
    assert page.status_code == 200
    return form_for(page, path)


def _fields(csrf: dict[str, str], **extra: object) -> dict[str, object]:
    return {**csrf, "kinds": ["report", "complaint"], "enterprise": "义乌市甲超市有限公司",
            "category": "food", "place": "稠城街道", "occurred": "2025年6月",
            "description": "货架上有过期牛奶", **extra}


async def submit(client: httpx.AsyncClient, files: list | None = None, **extra: object) -> httpx.Response:
    csrf = await _form(client)
    return await client.post("/tips", data=_fields(csrf, **extra), files=files or [])


async def test_submit_without_javascript_and_follow_up_with_the_receipt(site: httpx.AsyncClient) -> None:
    client = site
    await factories.department()
    await factories.enterprise("义乌市甲超市有限公司")
    page = await client.get("/tips")
    assert page.headers["cache-control"] == "no-store" and "<script" not in page.text
    assert 'enctype="multipart/form-data"' in page.text and 'name="csrf_token"' in page.text
    done = await submit(client, files=[("attachments", ("过期牛奶.png", PNG, "text/plain"))])
    assert done.status_code == 200, done.text
    code = CODE.search(done.text).group(1).replace(" ", "")  # type: ignore[union-attr]
    assert len(code) == 16 and "只显示这一次" in done.text and "我已保存" in done.text
    assert done.headers["cache-control"] == "no-store"
    assert (await TipAttachment.get()).media_type == "image/png"  # sniffed, not the client's type
    unsaved = await client.post("/tips/receipt-saved", data=form_for(done, "/tips/receipt-saved"))
    assert unsaved.status_code == 400
    saved = await client.post("/tips/receipt-saved", data={**form_for(done, "/tips/receipt-saved"), "saved": "1"})
    assert saved.status_code == 303 and saved.headers["location"] == "/tips/follow-up?saved=1"
    entry = await _form(client, "/tips/follow-up")
    opened = await client.post("/tips/follow-up", data={**entry, "receipt": code})
    assert opened.status_code == 303 and opened.headers["location"] == "/tips/status"
    status = await client.get("/tips/status")
    assert status.status_code == 200 and "举报：登记" in status.text and "投诉：登记" in status.text
    assert "过期牛奶.png" in status.text
    form = form_for(status, "/tips/status/messages")
    sent = await client.post("/tips/status/messages", data={**form, "body": "补充：还有过期面包"})
    assert sent.status_code == 303
    assert "补充：还有过期面包" in (await client.get("/tips/status")).text
    file_id = (await TipAttachment.get()).id
    download = await client.get(f"/tips/status/files/{file_id}")
    assert download.content == PNG and download.headers["content-disposition"].startswith("attachment")
    left = await client.post("/tips/leave", data=form)
    assert left.status_code == 303
    assert "请重新输入回执码" in (await client.get("/tips/status")).text



async def test_wrong_and_unknown_codes_look_the_same_and_are_rate_limited(site: httpx.AsyncClient) -> None:
    client = site
    abuse.use_limiter(abuse.TipLimiter("3/minute", "100/minute", "memory://"))
    entry = await _form(client, "/tips/follow-up")
    answers = []
    for code in ("1234567812345678", "8765432187654321", "12"):
        answer = await client.post("/tips/follow-up", data={**entry, "receipt": code})
        answers.append((answer.status_code, re.sub(r'value="[^"]*"', "", answer.text)))
    assert len(set(answers)) == 1 and answers[0][0] == 400
    limited = await client.post("/tips/follow-up", data={**entry, "receipt": "1234567812345678"})
    assert limited.status_code == 429 and "尝试次数过多" in limited.text


async def test_forms_need_the_csrf_token(site: httpx.AsyncClient) -> None:
    client = site
    await _form(client)
    refused = await client.post("/tips", data=_fields({"csrf_token": "forged" * 8}))
    assert refused.status_code == 403 and "表单已失效" in refused.text
    foreign = await client.post("/tips", data=_fields(await _form(client)),
                                headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert await Tip.all().count() == 0


async def test_hostile_and_oversized_files_are_refused_clearly(site: httpx.AsyncClient) -> None:
    client = site
    cases = [
        ("setup.png", EXE, "不是允许的类型"),
        ("doc.pdf", b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
         "含有脚本"),
        ("x.png", PNG + b"<script>alert(1)</script>", "夹带网页或脚本"),
        ("page.html", b"<html><body>hi</body></html>", "不是允许的类型"),
        ("empty.png", b"", "空文件"),
    ]
    for name, data, message in cases:
        answer = await submit(client, files=[("attachments", (name, data, "image/png"))])
        assert answer.status_code == 400 and message in answer.text, (name, answer.text[:300])
    too_many = [("attachments", (f"{i}.png", PNG, "image/png")) for i in range(6)]
    answer = await submit(client, files=too_many)
    assert answer.status_code == 400 and "最多可上传 5 个附件" in answer.text
    assert await Tip.all().count() == 0


async def test_bad_input_keeps_the_form_and_never_echoes_identity(site: httpx.AsyncClient) -> None:
    client = site
    answer = await submit(client, description="", identity="王五 13900001111")
    assert answer.status_code == 400 and "请填写事实描述" in answer.text
    assert "稠城街道" in answer.text and "13900001111" not in answer.text
