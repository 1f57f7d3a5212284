"""Public site routes, declared as data, and its error pages."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

import portal.routing  # noqa: F401  registers the {id:pk} convertor used below
from public_site import labels
from public_site.rendering import render
from public_site.views import (
    channels,
    credit,
    credit_repair,
    enterprises,
    exports,
    feeds,
    graphiql,
    home,
    inspections,
    regulations,
    sampling,
    search,
    sitemap,
    tips,
)

STATIC_DIR = Path(__file__).parent / "static"


def public_routes() -> list[BaseRoute]:
    return [
        Route("/", home.index, name="home"),
        Route("/regulations", regulations.index, name="regulations"),
        Route("/regulations/{id:pk}", regulations.detail, name="regulation"),
        Route("/inspection-items", sampling.items, name="inspection_items"),
        Route("/sampling-plans", sampling.plans, name="sampling_plans"),
        Route("/sampling-plans/{id:pk}", sampling.plan, name="sampling_plan"),
        Route("/sampling-tasks/{id:pk}/draw", sampling.draw, name="sampling_draw"),
        Route("/inspection-results", inspections.index, name="inspection_results"),
        Route("/penalties", credit.penalties, name="penalties"),
        Route("/penalties/{id:pk}", credit.penalty, name="penalty"),
        Route("/lists/entries/{id:pk}", credit.list_entry, name="list_entry"),
        Route("/lists/{kind}", credit.list_index, name="list"),
        Route("/channels", channels.index, name="channels"),
        Route("/enterprises", enterprises.index, name="enterprises"),
        Route("/enterprises/{code}", enterprises.detail, name="enterprise"),
        Route("/search", search.index, name="search"),
        Route("/graphiql", graphiql.index, name="graphiql"),
        Route("/feeds/", feeds.index, name="feeds"),
        Route("/feeds/all.atom", feeds.overall, name="feed_all"),
        Route("/feeds/lists/{slug}.atom", feeds.blacklist, name="feed_list"),
        Route("/feeds/departments/{id:pk}.atom", feeds.department, name="feed_department"),
        Route("/feeds/enterprises/{code}.atom", feeds.enterprise, name="feed_enterprise"),
        Route("/feeds/{slug}.atom", feeds.kind, name="feed_kind"),
        Route("/credit-repair", credit_repair.index, name="credit_repair"),
        Route("/tips", tips.new, methods=["GET", "POST"], name="tips"),
        Route("/tips/receipt-saved", tips.saved, methods=["POST"], name="tip_saved"),
        Route("/tips/follow-up", tips.follow_up, methods=["GET", "POST"], name="tip_follow_up"),
        Route("/tips/status", tips.status, name="tip_status"),
        Route("/tips/status/messages", tips.message, methods=["POST"], name="tip_message"),
        Route("/tips/status/files/{id:pk}", tips.attachment, name="tip_file"),
        Route("/tips/leave", tips.leave, methods=["POST"], name="tip_leave"),
        *exports.routes(),  # /exports/<list page>.csv and .xlsx
        Route("/robots.txt", sitemap.robots, name="robots"),
        Route("/sitemap.xml", sitemap.index, name="sitemap"),
        Route("/sitemaps/pages.xml", sitemap.pages, name="sitemap_pages"),
        Route("/sitemaps/{kind}/{number:int}.xml", sitemap.records, name="sitemap_records"),
        Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]


async def not_found(request: Request, exc: Exception) -> Response:
    detail = getattr(exc, "detail", None)
    message = detail if isinstance(detail, str) and detail != "Not Found" else None
    return render(request, "errors/404.html", {"message": message}, status_code=404)


async def server_error(request: Request, exc: Exception) -> Response:
    return render(request, "errors/500.html", status_code=500)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return await not_found(request, exc)
    messages = getattr(exc, "messages", None) or [
        labels.HTTP_STATUS.get(exc.status_code, exc.detail)
    ]
    response = render(
        request, "errors/error.html", {"status": exc.status_code, "messages": messages},
        status_code=exc.status_code,
    )
    response.headers.update(exc.headers or {})
    return response


def error_handlers() -> dict[int | type[Exception], object]:
    return {404: not_found, HTTPException: http_error, 500: server_error, Exception: server_error}
