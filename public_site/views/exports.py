"""下载: every public list as CSV or Excel, with the list page's own filters (docs/exports.md).

Plain Starlette routes (bulk output; strawberry is slow for large lists, STACK.md). The query
string is bound with the list page's fields, so a filter means the same here as on the page; a
bad one is answered by the list page itself (its form, its messages, HTTP 400) before a single
byte of a file is sent. The file streams out in keyset batches (portal/exports/reading.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from portal import exports
from portal.config import get_settings
from portal.core import clock
from portal.core.errors import DomainError
from portal.exports import csv_file, xlsx_file
from public_site import labels
from public_site.filters import Field, bind
from public_site.pages import BadRequest
from public_site.rendering import templates
from public_site.views import channels, credit, inspections, regulations, sampling

Endpoint = Callable[[Request], Any]


@dataclass(frozen=True)
class Download:
    kind: str  # key of portal.exports.KINDS
    page: str  # the list page's path; the files are /exports<page>.csv and .xlsx
    fields: Sequence[Field]
    view: Endpoint  # the list page: it answers bad filters
    path_params: dict[str, str] = field(default_factory=dict)  # the list page's


@dataclass(frozen=True)
class Format:
    media_type: str
    chunks: Callable[[exports.Export], AsyncIterator[bytes]]


DOWNLOADS = (
    Download("regulations", "/regulations", regulations.FIELDS, regulations.index),
    Download("inspection-items", "/inspection-items", sampling.ITEM_FIELDS, sampling.items),
    Download("sampling-plans", "/sampling-plans", sampling.PLAN_FIELDS, sampling.plans),
    Download("inspection-results", "/inspection-results", inspections.FIELDS, inspections.index),
    Download("penalties", "/penalties", credit.PENALTY_FIELDS, credit.penalties),
    Download("abnormal-list", "/lists/abnormal", credit.LIST_FIELDS, credit.list_index,
             {"kind": "abnormal"}),
    Download("serious-dishonesty-list", "/lists/serious-dishonesty", credit.LIST_FIELDS,
             credit.list_index, {"kind": "serious-dishonesty"}),
    Download("complaint-channels", "/channels", channels.FIELDS, channels.index),
)
BY_PAGE = {d.page: d for d in DOWNLOADS}
FORMATS = {
    "csv": Format(csv_file.MEDIA_TYPE, exports.csv_chunks),
    "xlsx": Format(xlsx_file.MEDIA_TYPE, exports.xlsx_chunks),
}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def routes() -> list[Route]:
    """``/exports/penalties.csv``, ``/exports/lists/abnormal.xlsx``, …: one route per file."""
    return [Route(f"/exports{d.page}.{name}", functools.partial(download, d, name),
                  name=f"export-{d.kind}-{name}")
            for d in DOWNLOADS for name in FORMATS]


async def download(d: Download, name: str, request: Request) -> Response:
    form = bind(request.query_params, d.fields)
    if form.errors:
        return await _refused(d, request)
    # The form speaks the API's filter names (dateFrom); the selectors take date_from.
    filters = {_CAMEL.sub("_", key).lower(): value for key, value in form.variables.items()}
    settings = get_settings()
    kind = exports.KINDS[d.kind]
    try:
        export = await exports.open_export(kind, filters, max_rows=settings.export_max_rows)
    except DomainError as error:
        return await _refused(d, request, error.message)
    headers = {"Content-Disposition": disposition(kind, name),
               "X-Export-Row-Limit": str(export.max_rows)}
    if export.truncated:
        headers["X-Export-Truncated"] = "true"
    seconds = int(settings.response_cache_seconds)
    if seconds > 0:  # like the list pages; the answer cache keeps none above 512 kB
        headers["Cache-Control"] = f"public, max-age={seconds}"
    chosen = FORMATS[name]
    return StreamingResponse(chosen.chunks(export), media_type=chosen.media_type, headers=headers)


def disposition(kind: exports.ExportKind, extension: str) -> str:
    """An attachment named 行政处罚-2026-12-01.csv (RFC 5987), penalties-2026-12-01.csv for
    clients that only read the ASCII name."""
    day = clock.today().isoformat()
    ascii_name = f"{kind.slug}-{day}.{extension}"
    utf8_name = quote(f"{kind.title}-{day}.{extension}", safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"


async def _refused(d: Download, request: Request, message: str | None = None) -> Response:
    """The list page for the same query string: it shows the form with its messages (400)."""
    scope = {**request.scope, "path": d.page, "raw_path": d.page.encode(),
             "path_params": dict(d.path_params)}
    response: Response = await d.view(Request(scope, request.receive))
    if response.status_code == 400:
        return response
    raise BadRequest([message or labels.HTTP_STATUS[400]])


def export_links(request: Request) -> dict[str, str] | None:
    """On a list page: its downloads, carrying the page's current filters (never ``after``)."""
    d = BY_PAGE.get(request.url.path)
    if d is None:
        return None
    params = [(f.name, value) for f in d.fields
              if (value := request.query_params.get(f.name, "").strip())]
    query = "?" + urlencode(params) if params else ""
    return {name: f"/exports{d.page}.{name}{query}" for name in FORMATS}


templates.env.globals["export_links"] = export_links
templates.env.globals["export_max_rows"] = lambda: get_settings().export_max_rows
