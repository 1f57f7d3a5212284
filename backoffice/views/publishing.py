"""Publication review pages: work queue, draft forms, record page with masks, versions, actions.

Forms work without JavaScript and carry the CSRF token; every view parses input, calls one
domain function (portal.publishing) and renders.
"""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_names, department_options, form_of, page, staff_page
from portal.core import clock
from portal.core.errors import DomainError, InvalidInput, NotFound
from portal.core.pk import parse_pk
from portal.core.policies import Permission, PolicyActor, scope_of
from portal.publishing import masking, queries, services
from portal.publishing.fields import FieldType
from portal.publishing.kinds import ADAPTERS, Adapter
from portal.publishing.workflow import ACTION_LABELS, STATE_LABELS, TABLE, Action, allowed_actions

COMMON = {"kinds": ADAPTERS, "state_labels": STATE_LABELS, "action_labels": ACTION_LABELS}


def _error(request: Request, actor: PolicyActor, error: DomainError, back: str) -> Response:
    return page(request, actor, "errors/error.html", {"status": 400, "message": error.message, "back": back}, 400)


def _adapter(request: Request) -> Adapter:
    found = ADAPTERS.get(request.path_params["kind"])
    if found is None:
        raise NotFound("没有这类公开信息。")
    return found


def _values(ad: Adapter, form: FormData) -> dict[str, str]:
    # a many-to-many field arrives as checked boxes (or one typed list of ids)
    return {f.name: ",".join(map(str, form.getlist(f.name))) if f.type is FieldType.REFS
            else str(form.get(f.name, "")) for f in ad.fields}


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    rows = await queries.queue(actor)
    names = await department_names({r.department_id for r in rows})
    return page(request, actor, "publishing/index.html", {**COMMON, "rows": rows, "names": names})


@staff_page
async def records(request: Request, actor: PolicyActor) -> Response:
    ad = _adapter(request)
    rows = await queries.records(actor, ad.kind)
    return page(request, actor, "publishing/records.html", {**COMMON, "ad": ad, "rows": rows})


@staff_page
async def new(request: Request, actor: PolicyActor) -> Response:
    ad = _adapter(request)
    scope = scope_of(actor, Permission.PUBLICATION_EDIT)
    context = {**COMMON, "ad": ad, "values": {}, "options": await queries.ref_options(ad),
               "departments": [o for o in await department_options(scope.everywhere, scope.department_ids)
                               if o[0] != "*"]}
    if request.method == "GET":
        return page(request, actor, "publishing/form.html", context)
    form = await form_of(request)
    values = _values(ad, form)
    dept = str(form.get("department_id", ""))
    try:
        revision = await services.save_draft(actor, ad.kind, values,
                                             department_id=parse_pk(dept))
    except InvalidInput as error:
        return page(request, actor, "publishing/form.html",
                    {**context, "values": values, "error": error.message, "error_field": error.field}, 400)
    return RedirectResponse(f"{BACKOFFICE}/publishing/{ad.kind}/{revision.object_id}?done=save", 303)


@staff_page
async def detail(request: Request, actor: PolicyActor) -> Response:
    view = await queries.record(actor, _adapter(request).kind, int(request.path_params["id"]))
    revision = view.revision
    state = (revision.state if revision is not None and revision.state in services.OPEN
             else view.row.publication_state)
    changes = None
    first, second = request.query_params.get("from", ""), request.query_params.get("to", "")
    if (first + second).isascii() and first.isdigit() and second.isdigit():
        by_number = {v.number: v for v in view.versions}
        if int(first) in by_number and int(second) in by_number:
            changes = await queries.diff(view.adapter, by_number[int(first)].data, by_number[int(second)].data)
    segments = {}
    if revision is not None:
        segments = {f.name: masking.segments(revision.data.get(f.name, ""), revision.masks.get(f.name, []))
                    for f in view.adapter.redacted}
    actions = [a for a in allowed_actions(state)
               if a is not Action.SAVE and TABLE[(state, a)].permission in view.permissions]
    return page(request, actor, "publishing/record.html", {
        **COMMON, "view": view, "ad": view.adapter, "revision": revision, "state": state,
        "actions": actions, "segments": segments, "changes": changes,
        "mask_labels": masking.KIND_LABELS, "editable": revision is not None and revision.state == "draft",
        "message": request.query_params.get("done"), "now": clock.now(),
        "public_path": view.adapter.public_path(view.row),
        "shown": await queries.shown(view.adapter, revision.data) if revision is not None else {},
        "options": await queries.ref_options(view.adapter),
        "owner": getattr(view.row, view.adapter.department_attr),
    })


@staff_page
async def edit(request: Request, actor: PolicyActor) -> Response:
    ad, object_id = _adapter(request), int(request.path_params["id"])
    form = await form_of(request)
    back = f"{BACKOFFICE}/publishing/{ad.kind}/{object_id}"
    try:
        await services.save_draft(actor, ad.kind, _values(ad, form), object_id=object_id)
    except DomainError as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{back}?done=save", 303)


@staff_page
async def masks(request: Request, actor: PolicyActor) -> Response:
    ad, object_id = _adapter(request), int(request.path_params["id"])
    form = await form_of(request)
    keep: dict[str, set[int]] = {}
    for key in form.keys():
        prefix, _, index = key.rpartition(":")
        if key.startswith("keep:") and index.isascii() and index.isdigit():
            keep.setdefault(prefix.removeprefix("keep:"), set()).add(int(index))
    phrases = {f.name: str(form.get(f"phrases:{f.name}", "")).splitlines() for f in ad.redacted}
    back = f"{BACKOFFICE}/publishing/{ad.kind}/{object_id}"
    try:
        await services.adjust_masks(actor, ad.kind, object_id, keep=keep, phrases=phrases)
    except DomainError as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{back}?done=masks", 303)


def _go_live(raw: str) -> dt.datetime | None:
    if not raw.strip():
        return None
    try:
        return dt.datetime.fromisoformat(raw.strip()).replace(tzinfo=clock.CST)
    except ValueError:
        raise InvalidInput("定时发布时间格式应为 2026-03-10T09:00。", field="go_live_at") from None


@staff_page
async def act(request: Request, actor: PolicyActor) -> Response:
    ad, object_id = _adapter(request), int(request.path_params["id"])
    action = request.path_params["action"]
    form = await form_of(request)
    back = f"{BACKOFFICE}/publishing/{ad.kind}/{object_id}"
    try:
        await services.transition(actor, ad.kind, object_id, action, reason=str(form.get("reason", "")),
                                  go_live_at=_go_live(str(form.get("go_live_at", ""))))
    except DomainError as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{back}?done={action}", 303)
