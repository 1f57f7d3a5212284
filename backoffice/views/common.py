"""What every back-office page does: require a logged-in actor, map domain errors to pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice import csrf, session
from backoffice.config import BACKOFFICE, IdentityConfig
from backoffice.rendering import render
from portal.core.errors import NotFound
from portal.core.policies import Forbidden, PolicyActor
from portal.reference.models import Department

View = Callable[[Request, PolicyActor], Awaitable[Response]]


def config_of(request: Request) -> IdentityConfig:
    config: IdentityConfig = request.app.state.identity
    return config


def staff_page(view: View) -> Callable[[Request], Awaitable[Response]]:
    """Redirect to login when nobody is logged in; 403/404 pages for domain refusals."""

    @wraps(view)
    async def page(request: Request) -> Response:
        actor = await session.current_actor(request, config_of(request))
        if actor is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{BACKOFFICE}/login?next={quote(target)}", status_code=303)
        request.state.actor = actor
        try:
            return await view(request, actor)
        except Forbidden as refused:
            return render(request, "errors/error.html", {"status": 403, "message": refused.message,
                                                         "actor": actor}, status_code=403)
        except NotFound as missing:
            return render(request, "errors/error.html", {"status": 404, "message": missing.message,
                                                         "actor": actor}, status_code=404)

    return page


async def form_of(request: Request) -> FormData:
    return await csrf.checked_form(request, config_of(request).origin)


def page(request: Request, actor: PolicyActor, name: str, context: dict[str, Any] | None = None,
         status_code: int = 200) -> Response:
    return render(request, name, {"actor": actor, **(context or {})}, status_code=status_code)


async def department_names(ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    return {d.id: d.name for d in await Department.filter(id__in=wanted)}


async def department_options(everywhere: bool, ids: frozenset[int]) -> list[tuple[str, str]]:
    """(value, label) choices: "*" for every department when allowed, then departments."""
    qs = Department.all() if everywhere else Department.filter(id__in=list(ids))
    options = [("*", "全部门")] if everywhere else []
    return options + [(str(d.id), d.name) for d in await qs.order_by("id").limit(2000)]
