"""The search page: one box for everything public, facets as links, filters in the URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from public_site import labels
from public_site.operations import OperationError, run
from public_site.rendering import render

PAGE_SIZE = 20
KINDS = {
    "enterprise": "市场主体", "regulation": "规章制度", "inspection_item": "抽查事项",
    "sampling_plan": "抽查计划", "inspection_result": "抽查结果", "penalty": "行政处罚",
    "list_entry": "名录信息", "complaint_channel": "投诉举报渠道",
}
# URL parameter → (facet in the API answer, heading)
FACETS = {
    "kind": ("kind", "信息类别"), "region": ("region", "地区"),
    "department": ("department", "部门"), "year": ("year", "年度"),
    "result": ("resultCode", "检查结果"), "list": ("listKind", "名录类型"),
}
UNAVAILABLE = "暂时不可用"


def _variables(params: QueryParams) -> tuple[dict[str, Any], list[str]]:
    """GraphQL variables from the URL; values an enum would refuse become messages instead."""
    problems: list[str] = []
    kinds = [k for k in params.getlist("kind") if k]
    for kind in kinds:
        if kind not in KINDS:
            problems.append(f"未知的信息类别“{kind[:20]}”。")
    filters: dict[str, Any] = {}
    for name, key in (("region", "region"), ("department", "department")):
        if params.get(name):
            filters[key] = params[name].strip()[:20]
    year = params.get("year", "").strip()
    if year:
        if year.isascii() and year.isdigit() and len(year) == 4:
            filters["year"] = int(year)
        else:
            problems.append("年度应为四位年份。")
    for name, key, allowed in (("result", "resultCode", labels.RESULT_CODE),
                               ("list", "listKind", labels.LIST_KIND)):
        value = params.get(name, "").strip().upper()
        if value:
            if value in allowed:
                filters[key] = value
            else:
                problems.append(f"未知的{FACETS[name][1]}“{value[:30]}”。")
    after = params.get("after") or None
    variables = {
        "query": params.get("q", "")[:2000], "kinds": [k.upper() for k in kinds] or None,
        "filters": filters or None, "first": PAGE_SIZE,
        "after": after if after is None or len(after) <= 200 else "invalid",
        "sort": "NEWEST" if params.get("sort") == "newest" else "RELEVANCE",
    }
    return variables, problems


def _url(params: QueryParams, **changes: str | None) -> str:
    """This search with some parameters changed (None removes one); paging restarts."""
    items = [(k, v) for k, v in params.multi_items() if k not in changes and k != "after"]
    items += [(k, v) for k, v in changes.items() if v is not None]
    return "/search?" + urlencode(items)


def _facets(params: QueryParams, data: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for name, (field, heading) in FACETS.items():
        current = params.get(name, "")
        values = [
            {"label": v["label"], "count": v["count"],
             "active": v["value"].lower() == current.lower(),
             "href": _url(params, **{name: v["value"].lower()})}
            for v in data["facets"][field]
        ]
        if values or current:
            groups.append({"heading": heading, "values": values,
                           "clear": _url(params, **{name: None}) if current else None})
    return groups


async def index(request: Request) -> Response:
    params = request.query_params
    variables, problems = _variables(params)
    ctx: dict[str, Any] = {"q": params.get("q", ""), "data": None, "messages": problems,
                           "kinds": KINDS, "sort": params.get("sort", "")}
    if problems:
        return render(request, "search/index.html", ctx, 400)
    try:
        data = (await run("Search", variables))["search"]
    except OperationError as error:
        if not error.user_facing:
            raise
        ctx["messages"] = error.messages
        status = 503 if any(UNAVAILABLE in m for m in error.messages) else 400
        return render(request, "search/index.html", ctx, status)
    filtered = any(params.get(name) for name in FACETS) or params.get("after")
    if data["exactMatch"] and not filtered:
        return RedirectResponse(data["exactMatch"]["link"], status_code=303)
    ctx.update(
        data=data, facets=_facets(params, data),
        next_url=_url(params, after=data["pageInfo"]["endCursor"])
        if data["pageInfo"]["hasNextPage"] else None,
        first_url=_url(params) if params.get("after") else None,
        clear_url="/search?" + urlencode({"q": params.get("q", "")}),
        sort_urls={"relevance": _url(params, sort=None), "newest": _url(params, sort="newest")},
        filtered=bool(filtered),
    )
    return render(request, "search/index.html", ctx, shareable=True)
