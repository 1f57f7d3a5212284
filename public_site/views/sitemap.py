"""/robots.txt, /sitemap.xml (a sitemap index) and the sitemaps it names (sitemaps.org 0.9).

Which records are listed, and their ``lastmod``, is :mod:`portal.exports.sitemap` (public
selectors only); this module writes the XML with absolute URLs from ``base_url``. A sitemap is
streamed a batch at a time: one holds up to 50,000 URLs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from xml.sax.saxutils import escape

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from portal.config import get_settings
from portal.core.clock import CST
from portal.core.pk import MAX_PK
from portal.exports import sitemap, texts
from public_site.my_app import base_url

MEDIA_TYPE = "application/xml; charset=utf-8"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The detail page of each kind's records (public_site/routes.py).
DETAIL = {
    "regulations": "/regulations/{}",
    "sampling-plans": "/sampling-plans/{}",
    "penalties": "/penalties/{}",
    "list-entries": "/lists/entries/{}",
    "enterprises": "/enterprises/{}",
}
# The pages that are not records: the home page, the lists and the guides.
PAGES = ("/", "/regulations", "/inspection-items", "/sampling-plans", "/inspection-results",
         "/penalties", "/lists/abnormal", "/lists/serious-dishonesty", "/channels",
         "/enterprises", "/credit-repair", "/feeds/")
# Crawlers stay out of the personal areas, the forms, the API and the bulk downloads.
ROBOTS_DISALLOW = ("/backoffice/", "/my/", "/oidc/", "/tips", "/search", "/graphql",
                   "/graphiql", "/exports/")
MAX_NUMBER = MAX_PK // sitemap.URLS_PER_SITEMAP + 1


def _base() -> str:
    return base_url(get_settings())


def _headers() -> dict[str, str]:
    seconds = int(get_settings().response_cache_seconds)
    return {"Cache-Control": f"public, max-age={seconds}"} if seconds > 0 else {}


def _url(loc: str, lastmod: dt.datetime | None = None, tag: str = "url") -> str:
    modified = (f"<lastmod>{lastmod.astimezone(CST).isoformat(timespec='seconds')}</lastmod>"
                if lastmod else "")
    return f"<{tag}><loc>{escape(loc)}</loc>{modified}</{tag}>\n"


async def robots(request: Request) -> Response:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
             f"Sitemap: {_base()}/sitemap.xml"]
    return PlainTextResponse("\n".join(lines) + "\n", headers=_headers())


async def index(request: Request) -> Response:
    """The sitemap index: the pages, then every kind's sitemaps that hold a record."""
    base = _base()
    body = [HEAD, f'<sitemapindex xmlns="{XMLNS}">\n', _url(f"{base}/sitemaps/pages.xml", tag="sitemap")]
    for kind in sitemap.KINDS:
        for number in await sitemap.sitemap_numbers(kind):
            body.append(_url(f"{base}/sitemaps/{kind}/{number}.xml", tag="sitemap"))
    body.append("</sitemapindex>\n")
    return Response("".join(body), media_type=MEDIA_TYPE, headers=_headers())


async def pages(request: Request) -> Response:
    base = _base()
    body = "".join([HEAD, f'<urlset xmlns="{XMLNS}">\n', *(_url(base + p) for p in PAGES),
                    "</urlset>\n"])
    return Response(body, media_type=MEDIA_TYPE, headers=_headers())


async def records(request: Request) -> Response:
    """One kind's sitemap ``number``; 404 when it holds no public record."""
    kind, number = request.path_params["kind"], request.path_params["number"]
    if kind not in DETAIL or not 1 <= number <= MAX_NUMBER:
        raise HTTPException(404, texts.NO_SITEMAP)
    batches = sitemap.entries(kind, number)
    first = await anext(batches, None)
    if first is None:
        raise HTTPException(404, texts.NO_SITEMAP)
    return StreamingResponse(_urlset(first, batches, _base() + DETAIL[kind]),
                             media_type=MEDIA_TYPE, headers=_headers())


async def _urlset(first: list[sitemap.Entry], rest: AsyncIterator[list[sitemap.Entry]],
                  page: str) -> AsyncIterator[bytes]:
    yield (HEAD + f'<urlset xmlns="{XMLNS}">\n').encode()
    yield "".join(_url(page.format(e.key), e.lastmod) for e in first).encode()
    async for batch in rest:
        yield "".join(_url(page.format(e.key), e.lastmod) for e in batch).encode()
    yield b"</urlset>\n"
