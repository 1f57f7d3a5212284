"""What the public tip pages share: a double-submit CSRF token, the follow-up pass cookie,
the client key for rate limits (a keyed hash, never the address) and private headers.

There is no session on the public site: the CSRF token is a random cookie (HttpOnly,
SameSite=Strict, path /tips) that every form repeats in a hidden field; a POST whose field does
not match it, or whose ``Origin`` is foreign, gets 403 and changes nothing.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from portal.config import get_settings
from portal.tips.abuse import client_key
from portal.tips.files import Upload
from portal.tips.intake import PASS_MAX_AGE

CSRF_COOKIE = "portal_tip_csrf"
PASS_COOKIE = "portal_tip_pass"
PATH = "/tips"
CSRF_MESSAGE = "表单已失效或来源不明，请返回上一页刷新后重新提交。"
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                   "X-Robots-Tag": "noindex, nofollow"}


def refused(status: int, message: str) -> HTTPException:
    error = HTTPException(status, message)
    error.messages = [message]  # type: ignore[attr-defined]  # shown by the error page
    return error


def client(request: Request) -> str:
    return client_key(request.client.host if request.client else None)


def csrf_token(request: Request) -> str:
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) < 32:
        value = request.state.new_csrf = secrets.token_urlsafe(32)
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def finish(request: Request, response: Response) -> Response:
    """Private headers, and the CSRF cookie when this request created one."""
    response.headers.update(PRIVATE_HEADERS)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, path=PATH, httponly=True, samesite="strict",
                            secure=_secure(request))
    return response


def set_pass(request: Request, response: Response, token: str) -> None:
    response.set_cookie(PASS_COOKIE, token, max_age=PASS_MAX_AGE, path=PATH, httponly=True,
                        samesite="strict", secure=_secure(request))


def clear_pass(response: Response) -> None:
    response.delete_cookie(PASS_COOKIE, path=PATH)


def max_body() -> int:
    s = get_settings()
    return s.tips_max_attachments * s.tips_max_attachment_bytes + 4 * s.tips_max_text_chars * 4 + 65536


async def checked_form(request: Request) -> FormData:
    """The POSTed form (size-limited), or 403 when the CSRF token or origin is wrong."""
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > max_body():
        raise refused(413, "提交的内容过大，请减少或压缩附件后重试。")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise refused(403, CSRF_MESSAGE)
    form = await request.form(max_files=get_settings().tips_max_attachments + 1, max_fields=50,
                              max_part_size=256 * 1024)
    expected, presented = request.cookies.get(CSRF_COOKIE, ""), form.get("csrf_token")
    if not (len(expected) >= 32 and isinstance(presented, str)
            and hmac.compare_digest(expected.encode(), presented.encode())):
        await form.close()
        raise refused(403, CSRF_MESSAGE)
    return form


async def uploads(form: FormData, name: str = "attachments") -> list[Upload]:
    limit = get_settings().tips_max_attachment_bytes
    out = []
    for item in form.getlist(name):
        if isinstance(item, UploadFile):
            if item.filename or item.size:
                out.append(Upload(item.filename or "", await item.read(limit + 1)))
            await item.close()
    return out
