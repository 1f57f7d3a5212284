"""The enterprise area (/my): a mounted sub-app with its own signed session cookie.

The cookie ``portal_my`` is scoped to /my (HttpOnly, SameSite=Lax, Secure over https) and holds
only the account id and a CSRF token; the account is re-read on every request, so disabling a
user or revoking a binding takes effect at once. Every POST form carries the CSRF token; the
enterprise GraphQL endpoint (/my/graphql: the public schema with the enterprise actor in its
context) demands it in ``X-CSRF-Token``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp
from starlette.websockets import WebSocket

import portal.routing  # noqa: F401  registers the {id:pk} convertor used below
from portal.config import Settings
from portal.enterprise_accounts.principals import EnterpriseActor, load_actor
from public_site.my_auth import EnterpriseLogin
from public_site.rendering import render
from schema.asgi import PublicGraphQL
from schema.context import PublicContext

PREFIX = "/my"
COOKIE = "portal_my"
CSRF_FIELD = "csrf_token"
API_MAX_BYTES = 8 * 1024 * 1024  # base64 attachments travel in the JSON body
CSRF_MESSAGE = "表单已失效或来源不明（CSRF 校验失败），请返回上一页刷新后重新提交。"


def secret_key(settings: Settings) -> str:
    """The portal's secret key (the same file the back office creates under var_dir when
    ``PORTAL_SECRET_KEY`` is unset)."""
    base = settings.secret_key
    if not base:
        path = Path(settings.var_dir) / "secret-key"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_urlsafe(48).encode())
        except FileExistsError:
            pass
        base = path.read_text().strip()
    return base


def _session_secret(settings: Settings) -> str:
    return hmac.new(secret_key(settings).encode(), b"enterprise-session", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    value = request.session.get("csrf")
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        request.session["csrf"] = value
    return value


def _csrf_ok(request: Request, presented: object) -> bool:
    expected = request.session.get("csrf")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin != f"{request.url.scheme}://{request.url.netloc}":
        return False
    return (isinstance(expected, str) and isinstance(presented, str)
            and hmac.compare_digest(expected.encode(), presented.encode()))


async def checked_form(request: Request, **limits: Any) -> FormData:
    """The POSTed form, or 403 if its CSRF token does not match the session's."""
    form = await request.form(**limits)
    if not _csrf_ok(request, form.get(CSRF_FIELD)):
        await form.close()
        raise HTTPException(403, CSRF_MESSAGE)
    return form


async def current_actor(connection: HTTPConnection) -> EnterpriseActor | None:
    account_id = connection.session.get("account")
    if not isinstance(account_id, int):
        return None
    return await load_actor(account_id)


def start_session(request: Request, account_id: int) -> None:
    request.session.clear()
    request.session["account"] = account_id
    csrf_token(request)


class EnterpriseGraphQL(PublicGraphQL):
    """The public schema, with the logged-in enterprise user as the context's actor."""

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> PublicContext:
        actor = await current_actor(request)
        if request.method == "POST" and actor is not None and not _csrf_ok(
                request, request.headers.get("x-csrf-token")):  # type: ignore[arg-type]
            actor = None  # cookie calls without the token act anonymously
        return PublicContext(request=request, response=response, enterprise=actor)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 303 and exc.headers:
        return RedirectResponse(exc.headers["Location"], status_code=303)
    return render(request, "my/error.html", {"status": exc.status_code, "message": exc.detail},
                  status_code=exc.status_code)


def base_url(settings: Settings) -> str:
    return (settings.base_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def my_app(settings: Settings, provider: ASGIApp | None = None) -> Starlette:
    """``provider``: the built-in OpenID provider app when it is the issuer (enterprise users
    then log in there); None with an external issuer (the local password form is used)."""
    from public_site.views import my

    routes = [
        Route("/auth/callback", my.callback, name="my_callback"),
        Route("/", my.index, name="my"),
        Route("/login", my.login, methods=["GET", "POST"], name="my_login"),
        Route("/logout", my.logout, methods=["POST"], name="my_logout"),
        Route("/register", my.register, methods=["GET", "POST"], name="my_register"),
        Route("/bind", my.bind, methods=["POST"], name="my_bind"),
        Route("/records/{kind}/{id:pk}", my.record, name="my_record"),
        Route("/records/{kind}/{id:pk}/{action}", my.record_action, methods=["POST"]),
        Route("/repairs/{id:pk}", my.repair, name="my_repair"),
        Route("/repairs/{id:pk}/resubmit", my.resubmit, methods=["POST"]),
        Route("/users", my.users, methods=["GET", "POST"], name="my_users"),
        Route("/users/{id:pk}/{action}", my.user_action, methods=["POST"]),
        Route("/graphql", EnterpriseGraphQL(API_MAX_BYTES),
              methods=["POST"], name="my_graphql"),
    ]
    middleware = [Middleware(SessionMiddleware, secret_key=_session_secret(settings), session_cookie=COOKIE,
                             path=PREFIX, max_age=settings.session_max_age, same_site="lax",
                             https_only=settings.base_url.startswith("https://"))]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error})
    app.state.login = (None if provider is None
                       else EnterpriseLogin(base_url(settings), secret_key(settings), provider))
    return app
