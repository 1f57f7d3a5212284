"""Session-bound CSRF tokens for no-JS forms (a hidden ``csrf_token`` field on every form).

The token lives in the signed session cookie; a POST is accepted only if its form field equals
it (constant-time). A request carrying a foreign ``Origin`` is refused as well.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
MESSAGE = "表单已失效或来源不明（CSRF 校验失败），请返回上一页刷新后重新提交。"


def token(request: Request) -> str:
    value = request.session.get("csrf")
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        request.session["csrf"] = value
    return value


def valid(request: Request, presented: object, allowed_origin: str) -> bool:
    expected = request.session.get("csrf")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin != allowed_origin:
        return False
    return (isinstance(expected, str) and isinstance(presented, str)
            and hmac.compare_digest(expected.encode(), presented.encode()))


async def checked_form(request: Request, allowed_origin: str) -> FormData:
    """The POSTed form, or 403 if its CSRF token does not match the session's."""
    form = await request.form()
    if not valid(request, form.get(FIELD), allowed_origin):
        raise HTTPException(403, MESSAGE)
    return form
