"""The back office (/backoffice) and the built-in provider (/oidc) as mounted sub-apps.

Each has its own signed session cookie scoped to its path (HttpOnly, SameSite=Lax, Secure
when the base URL is https), strict security headers and its own error pages.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

import portal.routing  # noqa: F401  registers the {id:pk} convertor used below
from backoffice.api import StaffAPI
from backoffice.auth import OIDCLogin
from backoffice.bearer import TokenVerifier
from backoffice.config import BACKOFFICE, PROVIDER, IdentityConfig
from backoffice.provider.views import ProviderViews
from backoffice.rendering import STATIC_DIR, render
from backoffice.security import StrictHeaders, csp
from backoffice.views import (
    audit,
    clients,
    credit,
    dashboard,
    deadlines,
    publishing,
    sampling,
    staff,
    tips,
)
from portal.config import Settings


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.status_code in (400, 403, 413) else None
    return render(request, "errors/error.html", {"status": exc.status_code, "message": message},
                  status_code=exc.status_code)


def _session(config: IdentityConfig, cookie: str, path: str, max_age: int) -> Middleware:
    return Middleware(SessionMiddleware, secret_key=config.secret_key, session_cookie=cookie,
                      path=path, max_age=max_age, same_site="lax", https_only=config.secure_cookies)


def provider_app(config: IdentityConfig) -> Starlette:
    views = ProviderViews(config)
    routes = [
        Route("/.well-known/openid-configuration", views.discovery),
        Route("/jwks", views.jwks),
        Route("/authorize", views.authorize, methods=["GET", "POST"]),
        Route("/token", views.token, methods=["POST"]),
        Route("/userinfo", views.userinfo, methods=["GET", "POST"]),
        Route("/logout", views.end_session, methods=["GET"]),
    ]
    middleware = [Middleware(StrictHeaders, policy=csp()),
                  _session(config, "portal_idp", PROVIDER, 3600)]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})
    app.state.identity = config
    return app


def backoffice_app(config: IdentityConfig, settings: Settings, provider: Starlette | None) -> Starlette:
    login = OIDCLogin(config, provider)
    api = StaffAPI(config, TokenVerifier(config), settings.graphql_max_query_bytes)
    routes = [
        Route("/", dashboard.index, name="dashboard"),
        Route("/login", login.login, name="login"),
        Route("/auth/callback", login.callback, name="callback"),
        Route("/logout", login.logout, methods=["POST"], name="logout"),
        Route("/logged-out", login.logged_out, name="logged_out"),
        Route("/graphql", api, methods=["GET", "POST"], name="staff_graphql"),
        Route("/staff", staff.index, name="staff"),
        Route("/staff/new", staff.new, methods=["GET", "POST"], name="staff_new"),
        Route("/staff/{id:pk}", staff.detail, name="staff_detail"),
        Route("/staff/{id:pk}/{action}", staff.act, methods=["POST"], name="staff_action"),
        Route("/clients", clients.index, name="clients"),
        Route("/clients/new", clients.new, methods=["GET", "POST"], name="clients_new"),
        Route("/clients/{id:pk}/{action}", clients.act, methods=["POST"], name="client_action"),
        Route("/audit", audit.index, name="audit"),
        Route("/sampling", sampling.index, name="sampling"),
        Route("/sampling/plans", sampling.new_plan, methods=["POST"], name="sampling_plan_new"),
        Route("/sampling/plans/{id:pk}", sampling.plan_detail, name="sampling_plan"),
        Route("/sampling/plans/{id:pk}/{action}", sampling.plan_action, methods=["POST"]),
        Route("/sampling/tasks/{id:pk}", sampling.task_detail, name="sampling_task"),
        Route("/sampling/tasks/{id:pk}/{action}", sampling.task_action, methods=["POST"]),
        Route("/sampling/targets", sampling.targets, methods=["GET", "POST"]),
        Route("/sampling/targets/{id:pk}/result", sampling.enter_result, methods=["POST"]),
        Route("/sampling/inspectors", sampling.inspectors, methods=["GET", "POST"]),
        Route("/credit", credit.index, name="credit"),
        Route("/credit/queues/{name}", credit.queue, name="credit_queue"),
        Route("/credit/repairs/{id:pk}", credit.repair, name="credit_repair"),
        Route("/credit/repairs/{id:pk}/files/{file:pk}", credit.attachment, name="credit_file"),
        Route("/credit/repairs/{id:pk}/{action}", credit.repair_action, methods=["POST"]),
        Route("/credit/statements/{id:pk}/{action}", credit.statement_action, methods=["POST"]),
        Route("/credit/objections/{id:pk}/{action}", credit.objection_action, methods=["POST"]),
        Route("/credit/accounts/{id:pk}/verify", credit.verify_account, methods=["POST"]),
        Route("/credit/codes", credit.issue_code, methods=["POST"]),
        Route("/publishing", publishing.index, name="publishing"),
        Route("/publishing-deadlines", deadlines.index, name="publishing_deadlines"),
        Route("/workdays", deadlines.workdays, methods=["GET", "POST"], name="workdays"),
        Route("/publishing/{kind}", publishing.records, name="publishing_records"),
        Route("/publishing/{kind}/new", publishing.new, methods=["GET", "POST"], name="publishing_new"),
        Route("/publishing/{kind}/{id:pk}", publishing.detail, name="publishing_record"),
        Route("/publishing/{kind}/{id:pk}/edit", publishing.edit, methods=["POST"], name="publishing_edit"),
        Route("/publishing/{kind}/{id:pk}/masks", publishing.masks, methods=["POST"], name="publishing_masks"),
        Route("/publishing/{kind}/{id:pk}/{action}", publishing.act, methods=["POST"],
              name="publishing_action"),
        Route("/tips", tips.index, name="tips"),
        Route("/tips/reward", tips.reward, name="tip_reward"),
        Route("/tips/identity", tips.identity, methods=["GET", "POST"], name="tip_identity"),
        Route("/tips/{id:pk}", tips.detail, name="tip"),
        Route("/tips/{id:pk}/messages", tips.message, methods=["POST"], name="tip_message"),
        Route("/tips/{id:pk}/files/{file:pk}", tips.attachment, name="tip_file"),
        Route("/tips/tracks/{id:pk}/{action}", tips.act, methods=["POST"], name="tip_action"),
        Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]
    form_targets = "" if config.builtin else config.issuer_origin
    middleware = [Middleware(StrictHeaders, policy=csp(form_targets)),
                  _session(config, "portal_backoffice", BACKOFFICE, config.session_max_age)]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})
    app.state.identity = config
    return app


def identity_mounts(settings: Settings) -> list[BaseRoute]:
    """For portal.app: /backoffice, and /oidc when the built-in provider is the issuer."""
    config = IdentityConfig.from_settings(settings)
    provider = provider_app(config) if config.builtin else None
    mounts: list[BaseRoute] = [Mount(BACKOFFICE, app=backoffice_app(config, settings, provider))]
    if provider is not None:
        mounts.append(Mount(PROVIDER, app=provider))
    return mounts
