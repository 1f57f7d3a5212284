"""Atom feeds under /feeds/: plain Starlette routes (bulk output, no GraphQL), RFC 4287.

Each route parses its path, calls one function of :mod:`portal.feeds.queries` (which reads only
through the public selectors and the public notices) and serialises the result with feedgen.
Responses carry a strong ETag and Last-Modified and answer conditional requests with 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from portal.config import get_settings
from portal.core import clock
from portal.core.clock import CST
from portal.core.errors import InvalidInput, NotFound
from portal.credit.models import ListKind
from portal.feeds import queries, texts
from portal.feeds.queries import Feed
from public_site import labels
from public_site.pages import BadRequest
from public_site.rendering import render, templates

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
TAG_DATE = "2026"  # part of every entry id: never change it
# Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text safe to hand to the XML writer (which escapes <, & and quotes itself)."""
    return NOT_XML.sub("", text)


def tag_authority() -> str:
    settings = get_settings()
    if settings.feed_tag_authority:
        return settings.feed_tag_authority
    host = urlsplit(settings.base_url).hostname if settings.base_url else None
    return host if host and any(c.isalpha() for c in host) else "localhost"


def atom(feed: Feed, base: str) -> bytes:
    authority = tag_authority()
    fg = FeedGenerator()
    fg.id(f"tag:{authority},{TAG_DATE}:feed/{feed.key}")
    fg.title(clean(feed.title))
    fg.subtitle(clean(feed.subtitle))
    fg.link(href=base + feed.path, rel="self", type="application/atom+xml")
    fg.link(href=base + feed.page, rel="alternate", type="text/html")
    fg.author({"name": texts.SITE})
    fg.language("zh-CN")
    fg.generator(texts.SITE)
    fg.updated(feed.updated.astimezone(CST))
    for item in feed.entries:
        fe = fg.add_entry(order="append")
        fe.id(f"tag:{authority},{TAG_DATE}:{item.key}")
        fe.title(clean(item.title))
        fe.updated(item.updated.astimezone(CST))
        fe.link(href=base + item.path, rel="alternate", type="text/html")
        fe.author({"name": clean(item.author)})
        fe.summary(clean(item.summary))
        fe.category(term=clean(item.category))
    body: bytes = fg.atom_str(pretty=True)
    return body


def _not_modified(request: Request, etag: str, last_modified: str) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
    return False


def respond(request: Request, feed: Feed) -> Response:
    base = str(request.base_url).rstrip("/")
    body = atom(feed, base)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Rows also leave a feed at midnight (display windows end): never older than today's start.
    today = dt.datetime.combine(clock.today(), dt.time(0, 0), tzinfo=CST)
    changed = max(feed.updated, today)
    last_modified = format_datetime(changed.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)
    headers = {"ETag": etag, "Last-Modified": last_modified,
               "Cache-Control": "public, max-age=60"}
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, headers=headers, media_type=MEDIA_TYPE)


def department_feed(form: Any, options: Any) -> list[tuple[str, str]]:
    """On a list page filtered by one department: that department's feed, for ``feeds``."""
    chosen = getattr(form, "values", {}).get("department") if form else None
    if not chosen or getattr(form, "errors", None):
        return []
    for d in (options or {}).get("departments", []):
        if str(d.get("id")) == chosen:
            return [(texts.DEPARTMENT_TITLE.format(name=d["name"]), f"/feeds/departments/{chosen}.atom")]
    return []


templates.env.globals["department_feed"] = department_feed


def _limit() -> int:
    return get_settings().feed_entries


async def index(request: Request) -> Response:
    """/feeds/: the list of feeds, for people."""
    return render(request, "feeds/index.html", {"kinds": queries.FEED_KINDS})


async def overall(request: Request) -> Response:
    return respond(request, await queries.overall(_limit()))


async def kind(request: Request) -> Response:
    try:
        return respond(request, await queries.for_kind(request.path_params["slug"], _limit()))
    except NotFound as error:
        raise HTTPException(404, error.message) from None


async def blacklist(request: Request) -> Response:
    slug = request.path_params["slug"]
    if slug not in labels.LIST_KIND_SLUG:
        raise HTTPException(404, labels.NOT_FOUND["list"])
    list_kind = ListKind(labels.LIST_KIND_SLUG[slug].lower())
    return respond(request, await queries.for_list(list_kind, slug, _limit()))


async def department(request: Request) -> Response:
    try:
        return respond(request, await queries.for_department(request.path_params["id"], _limit()))
    except NotFound as error:
        raise HTTPException(404, error.message) from None


async def enterprise(request: Request) -> Response:
    try:
        return respond(request, await queries.for_enterprise(request.path_params["code"], _limit()))
    except InvalidInput as error:
        raise BadRequest([error.message]) from None
    except NotFound as error:
        raise HTTPException(404, error.message) from None
