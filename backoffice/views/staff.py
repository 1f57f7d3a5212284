"""Staff management pages (administrators): list, create, roles, disable, resets, unlock."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_names, department_options, form_of, page, staff_page
from portal.core.errors import InvalidInput
from portal.core.paging import fetch_page
from portal.core.pk import parse_pk
from portal.core.policies import Assignment, Permission, PolicyActor, Role, scope_of
from portal.identity import queries, services

ROLE_ROWS = 3  # empty role rows on forms (no JavaScript: a fixed number of rows)


def _assignments(form: FormData) -> list[Assignment]:
    out = []
    for i in range(20):
        role, dept = str(form.get(f"role_{i}", "")), str(form.get(f"dept_{i}", ""))
        if not role:
            continue
        if role not in {r.value for r in Role} or not (dept == "*" or parse_pk(dept)):
            raise InvalidInput("角色或部门选择无效。", field="roles")
        out.append(Assignment(Role(role), None if dept == "*" else parse_pk(dept)))
    return out


async def _form_context(actor: PolicyActor) -> dict[str, object]:
    scope = scope_of(actor, Permission.STAFF_MANAGE)
    return {"departments": await department_options(scope.everywhere, scope.department_ids),
            "role_rows": ROLE_ROWS}


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    search = request.query_params.get("q", "").strip()
    try:
        qs = queries.staff_accounts(actor, search=search or None)
        result = await fetch_page(qs, queries.STAFF_ORDER, 50, request.query_params.get("after"))
    except InvalidInput as error:
        return page(request, actor, "errors/error.html", {"status": 400, "message": error.message}, 400)
    roles = await queries.assignments_for_staff([a.id for a in result.items])
    names = await department_names({a.department_id for rs in roles for a in rs})
    rows = list(zip(result.items, roles, strict=True))
    return page(request, actor, "staff/index.html", {
        "rows": rows, "names": names, "q": search,
        "next": result.cursors[-1] if result.has_next else None,
    })


@staff_page
async def new(request: Request, actor: PolicyActor) -> Response:
    context = await _form_context(actor)
    if request.method == "GET":
        return page(request, actor, "staff/new.html", context)
    form = await form_of(request)
    try:
        issued = await services.create_staff(
            actor, username=str(form.get("username", "")), display_name=str(form.get("display_name", "")),
            email=str(form.get("email", "")), assignments=_assignments(form),
            totp=True if form.get("totp") else None, reason=str(form.get("reason", "")),
        )
    except InvalidInput as error:
        return page(request, actor, "staff/new.html", {**context, "error": error.message, "form": form},
                    status_code=400)
    return page(request, actor, "staff/secrets.html", {"issued": issued})


@staff_page
async def detail(request: Request, actor: PolicyActor) -> Response:
    account = await queries.staff_account(actor, int(request.path_params["id"]))
    held = (await queries.assignments_for_staff([account.id]))[0]
    names = await department_names({a.department_id for a in held})
    return page(request, actor, "staff/detail.html", {
        "account": account, "held": held, "names": names,
        "message": request.query_params.get("done"), **await _form_context(actor),
    })


ACTIONS = {
    "disable": services.disable_staff, "enable": services.enable_staff,
    "unlock": services.unlock_staff, "reset-totp": services.reset_totp,
    "reset-password": services.reset_password,
}


@staff_page
async def act(request: Request, actor: PolicyActor) -> Response:
    """POST /staff/{id}/{action}: one command; secrets (if any) are shown once."""
    staff_id, action = int(request.path_params["id"]), request.path_params["action"]
    form = await form_of(request)
    reason = str(form.get("reason", ""))
    result: object
    try:
        if action == "roles":
            result = await services.set_roles(actor, staff_id, _assignments(form), reason=reason)
        elif action in ACTIONS:
            result = await ACTIONS[action](actor, staff_id, reason=reason)
        else:
            return page(request, actor, "errors/error.html", {"status": 404, "message": None}, 404)
    except InvalidInput as error:
        return page(request, actor, "errors/error.html", {"status": 400, "message": error.message,
                                                          "back": f"{BACKOFFICE}/staff/{staff_id}"}, 400)
    if isinstance(result, services.IssuedSecrets) and (result.password or result.totp_secret):
        return page(request, actor, "staff/secrets.html", {"issued": result})
    return RedirectResponse(f"{BACKOFFICE}/staff/{staff_id}?done={action}", status_code=303)
