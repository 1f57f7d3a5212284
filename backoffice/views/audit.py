"""The audit log browser: filter by who, action, subject and date; newest first."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from backoffice.views.common import page, staff_page
from portal.core.errors import InvalidInput
from portal.core.paging import fetch_page
from portal.core.policies import PolicyActor
from portal.identity import queries

FIELDS = ("actor", "action", "subject_kind", "subject_id", "date_from", "date_to")


def _date(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("日期格式应为 YYYY-MM-DD。", field=field) from None


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    values = {k: request.query_params.get(k, "").strip()[:100] for k in FIELDS}
    try:
        f = queries.AuditFilter(
            actor=values["actor"] or None, action=values["action"] or None,
            subject_kind=values["subject_kind"] or None, subject_id=values["subject_id"] or None,
            date_from=_date(values["date_from"], "date_from"), date_to=_date(values["date_to"], "date_to"),
        )
        result = await fetch_page(queries.audit_entries(actor, f), queries.AUDIT_ORDER, 50,
                                  request.query_params.get("after"))
    except InvalidInput as error:
        return page(request, actor, "audit/index.html", {"values": values, "rows": [],
                    "error": error.message}, status_code=400)
    query = {k: v for k, v in values.items() if v}
    next_url = None
    if result.has_next:
        next_url = "?" + urlencode({**query, "after": result.cursors[-1]})
    return page(request, actor, "audit/index.html", {"values": values, "rows": result.items,
                                                     "next_url": next_url})
