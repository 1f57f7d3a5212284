"""Assembly: routes, mounts and middleware as data. No logic lives here."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route

from backoffice.routes import identity_mounts
from portal.config import Settings, get_settings
from portal.lifespan import make_lifespan
from portal.tips import logs as tip_logs
from public_site.routes import error_handlers, public_routes
from public_site.security import SecurityHeadersMiddleware
from schema.asgi import PublicGraphQL


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """Build the ASGI app. ``manage_db=False`` lets tests own the database connection."""
    settings = settings or get_settings()
    tip_logs.install()  # no client addresses in access logs of tip routes
    graphql = PublicGraphQL(max_body_bytes=settings.graphql_max_query_bytes)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"], name="graphql"),
        *identity_mounts(settings),
        *public_routes(),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(GZipMiddleware, minimum_size=1024),
    ]
    return Starlette(
        debug=False,
        routes=routes,
        middleware=middleware,
        exception_handlers=error_handlers(),
        lifespan=make_lifespan(settings, manage_db=manage_db),
    )
