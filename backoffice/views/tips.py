"""投诉举报 in the back office: inbox with due views, one tip, workflow forms, custodian, reward."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_names, department_options, form_of, page, staff_page
from portal.core.errors import InvalidInput
from portal.core.pk import parse_pk
from portal.core.policies import Permission, PolicyActor, scope_of
from portal.tips import custodian, queries, services
from portal.tips.catalogue import OUTCOMES, STATE_LABELS
from portal.tips.clocks import grounds_for
from portal.tips.models import TipKind
from portal.tips.workflow import ACTION_LABELS

TIPS = f"{BACKOFFICE}/tips"


def _error(request: Request, actor: PolicyActor, error: InvalidInput, back: str) -> Response:
    return page(request, actor, "errors/error.html", {"status": 400, "message": error.message,
                                                      "back": back}, 400)


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    params = request.query_params
    department = params.get("department", "")
    try:
        rows = await queries.staff_tracks(
            actor, department_id=parse_pk(department),
            state=params.get("state", ""), due=params.get("due", ""), kind=params.get("kind", ""))
    except InvalidInput as error:
        return _error(request, actor, error, TIPS)
    scope = scope_of(actor, Permission.TIP_HANDLE)
    names = await department_names({r.track.department_id for r in rows})
    return page(request, actor, "tips/index.html", {
        "rows": rows, "names": names, "states": STATE_LABELS, "params": params,
        "departments": [o for o in await department_options(scope.everywhere, scope.department_ids)
                        if o[0] != "*"],
    })


@staff_page
async def detail(request: Request, actor: PolicyActor) -> Response:
    view = await queries.staff_tip(actor, int(request.path_params["id"]))
    grounds = {kind: await grounds_for(kind) for kind in TipKind}
    names = await department_names({t.department_id for t in view.tracks})
    return page(request, actor, "tips/detail.html", {
        "view": view, "grounds": grounds, "outcomes": OUTCOMES, "names": names,
        "departments": [o for o in await department_options(True, frozenset()) if o[0] != "*"],
        "action_labels": ACTION_LABELS, "done": request.query_params.get("done"),
        "may_reopen": not scope_of(actor, Permission.TIP_REOPEN).empty,
        "may_publish": not scope_of(actor, Permission.PUBLICATION_REVIEW).empty,
    })


def _int(value: object, field: str) -> int:
    number = parse_pk(value)
    if number is None:
        raise InvalidInput("请选择部门。", field=field)
    return number


@staff_page
async def act(request: Request, actor: PolicyActor) -> Response:
    """POST /tips/tracks/{id}/{action}: one workflow command."""
    track_id, action = int(request.path_params["id"]), request.path_params["action"]
    form = await form_of(request)
    value = {k: str(form.get(k, "")) for k in ("reason", "ground", "department", "outcome", "text")}
    calls: dict[str, Any] = {
        "accept": lambda: services.accept(actor, track_id),
        "refuse": lambda: services.refuse(actor, track_id, value["ground"], value["reason"]),
        "assign": lambda: services.assign(actor, track_id, _int(value["department"], "department")),
        "transfer": lambda: services.transfer(actor, track_id, _int(value["department"], "department"),
                                              value["reason"]),
        "start": lambda: services.start(actor, track_id),
        "extend": lambda: services.extend(actor, track_id, value["reason"]),
        "handle": lambda: services.handle(actor, track_id, value["outcome"], value["reason"]),
        "feedback": lambda: services.feedback(actor, track_id, value["text"]),
        "close": lambda: services.close(actor, track_id),
        "reopen": lambda: services.reopen(actor, track_id, value["reason"]),
        "publish": lambda: services.publish_complaint(actor, track_id),
    }
    if action not in calls:
        return page(request, actor, "errors/error.html", {"status": 404, "message": None}, 404)
    back = f"{TIPS}/{form.get('tip', '')}" if str(form.get("tip", "")).isdigit() else TIPS
    try:
        track = await calls[action]()
    except InvalidInput as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{TIPS}/{track.tip_id}?done={action}", status_code=303)


@staff_page
async def message(request: Request, actor: PolicyActor) -> Response:
    tip_id = int(request.path_params["id"])
    form = await form_of(request)
    try:
        await services.post_message(actor, tip_id, str(form.get("body", "")),
                                    internal=bool(form.get("internal")))
    except InvalidInput as error:
        return _error(request, actor, error, f"{TIPS}/{tip_id}")
    return RedirectResponse(f"{TIPS}/{tip_id}?done=message", status_code=303)


@staff_page
async def attachment(request: Request, actor: PolicyActor) -> Response:
    from urllib.parse import quote

    name, media_type, data = await queries.staff_attachment(
        actor, int(request.path_params["id"]), int(request.path_params["file"]))
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})


@staff_page
async def identity(request: Request, actor: PolicyActor) -> Response:
    """Custodian: open a submitter's identity with a reason (audited)."""
    if request.method == "GET":
        return page(request, actor, "tips/identity.html", {"tip": request.query_params.get("tip", "")})
    form = await form_of(request)
    tip = str(form.get("tip", "")).strip()
    try:
        found = await custodian.open_identity(actor, _int(tip, "tip"), str(form.get("reason", "")))
    except InvalidInput as error:
        return page(request, actor, "tips/identity.html", {"tip": tip, "error": error.message}, 400)
    return page(request, actor, "tips/identity.html", {"tip": tip, "found": found})


@staff_page
async def reward(request: Request, actor: PolicyActor) -> Response:
    """The report-reward calculator (GET form; changes nothing)."""
    params, result, error = request.query_params, None, None
    if "grade" in params:
        try:
            grade = int(params.get("grade", "0") or 0)
            fines = Decimal(params.get("fines", "0") or "0")
            confiscations = Decimal(params.get("confiscations", "0") or "0")
            result = await services.reward(actor, grade, fines, confiscations)
        except (ValueError, InvalidOperation):
            error = "金额应为数字。"
        except InvalidInput as refused:
            error = refused.message
    return page(request, actor, "tips/reward.html", {"params": params, "result": result,
                                                      "error": error}, 400 if error else 200)
