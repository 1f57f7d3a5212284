"""Assembly: routes, mounts and middleware as data. No logic lives here."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.routing import Mount, Route

from backoffice.routes import identity_mounts
from portal.config import Settings, get_settings
from portal.exports.xlsx_file import MEDIA_TYPE as XLSX_MEDIA_TYPE
from portal.lifespan import make_lifespan
from portal.response_cache import AnswerCache, ResponseCacheMiddleware
from portal.tips import logs as tip_logs
from public_site.my_app import my_app
from public_site.routes import error_handlers, public_routes
from public_site.security import SecurityHeadersMiddleware
from schema.asgi import PublicGraphQL


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """Build the ASGI app. ``manage_db=False`` lets tests own the database connection."""
    settings = settings or get_settings()
    tip_logs.install()  # no client addresses in access logs of tip routes
    graphql = PublicGraphQL(max_body_bytes=settings.graphql_max_query_bytes)
    # Only where the lifespan keeps its epoch current (the real server), never in tests that
    # drive the app without one.
    answers = (AnswerCache(ttl=settings.response_cache_seconds)
               if manage_db and settings.response_cache_seconds > 0 else None)
    identity = identity_mounts(settings)
    provider = next((m.app for m in identity if isinstance(m, Mount) and m.path == "/oidc"), None)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"], name="graphql"),
        *identity,
        Mount("/my", app=my_app(settings, provider)),
        *public_routes(),
    ]
    middleware = [
        Middleware(ResponseCacheMiddleware, cache=answers),  # outermost: a hit skips the rest
        Middleware(SecurityHeadersMiddleware),
        Middleware(GZipMiddleware, minimum_size=1024,  # an XLSX is a zip already
                   exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, XLSX_MEDIA_TYPE)),
    ]
    return Starlette(
        debug=False,
        routes=routes,
        middleware=middleware,
        exception_handlers=error_handlers(),
        lifespan=make_lifespan(settings, manage_db=manage_db, answers=answers),
    )
