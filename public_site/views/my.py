"""「企业服务」(/my): the enterprise user's own records, repair applications, statements,
objections and users. Each view parses input, calls one domain function and renders."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal.core.errors import DomainError
from portal.credit import attachments, mine, objections, repairs, statements
from portal.credit.objections import GROUND_LABELS
from portal.enterprise_accounts import services as accounts
from portal.enterprise_accounts.principals import EnterpriseActor
from public_site.my_app import checked_form, csrf_token, current_actor, start_session
from public_site.my_auth import EnterpriseLogin
from public_site.rendering import render

LOGIN = "/my/login"


def _page(request: Request, name: str, ctx: dict[str, Any] | None = None, status: int = 200,
          actor: EnterpriseActor | None = None) -> Response:
    base = {"csrf": csrf_token(request), "me": actor, "limits": attachments.LIMITS_TEXT,
            "commitment_template": repairs.COMMITMENT_TEMPLATE, "grounds": GROUND_LABELS}
    return render(request, name, {**base, **(ctx or {})}, status_code=status)


def _error(request: Request, error: DomainError, actor: EnterpriseActor | None) -> Response:
    status = 404 if error.code == "not_found" else 403 if error.code == "forbidden" else 400
    return _page(request, "my/error.html", {"status": status, "message": error.message}, status,
                 actor)


async def _actor(request: Request) -> EnterpriseActor:
    actor = await current_actor(request)
    if actor is None:
        raise HTTPException(303, headers={"Location": LOGIN})
    return actor


async def index(request: Request) -> Response:
    actor = await current_actor(request)
    if actor is None:
        return RedirectResponse(LOGIN, status_code=303)
    if not actor.verified:
        return _page(request, "my/unverified.html", actor=actor)
    return _page(request, "my/index.html", {"overview": await mine.overview(actor)}, actor=actor)


def _provider(request: Request) -> EnterpriseLogin | None:
    login: EnterpriseLogin | None = request.app.state.login
    return login


async def login(request: Request) -> Response:
    """Through the built-in OpenID provider when it is the issuer; else the local form."""
    provider = _provider(request)
    if provider is not None:
        if request.method != "GET":
            raise HTTPException(405)
        if await current_actor(request):
            return RedirectResponse("/my/", status_code=303)
        return await provider.redirect(request)
    if request.method == "GET":
        return _page(request, "my/login.html")
    form = await checked_form(request)
    username = str(form.get("username", ""))
    try:
        account = await accounts.authenticate(username, str(form.get("password", "")))
    except DomainError as error:
        return _page(request, "my/login.html", {"error": error.message, "username": username}, 401)
    start_session(request, account.id)
    return RedirectResponse("/my/", status_code=303)


async def callback(request: Request) -> Response:
    provider = _provider(request)
    account_id = None if provider is None else await provider.account_id(request)
    if account_id is None:
        return _page(request, "my/error.html", {"status": 400, "message":
                     "登录未完成或已失效，请重新登录。"}, 400)
    start_session(request, account_id)
    return RedirectResponse("/my/", status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse(LOGIN, status_code=303)


async def register(request: Request) -> Response:
    if request.method == "GET":
        return _page(request, "my/register.html", {"values": {}})
    form = await checked_form(request)
    values = {k: str(form.get(k, "")) for k in ("username", "display_name", "uscc")}
    try:
        account = await accounts.register(password=str(form.get("password", "")), **values)
    except DomainError as error:
        return _page(request, "my/register.html", {"values": values, "error": error.message}, 400)
    if _provider(request) is not None:  # log in through the provider like every other time
        return RedirectResponse(LOGIN, status_code=303)
    start_session(request, account.id)
    return RedirectResponse("/my/", status_code=303)


async def bind(request: Request) -> Response:
    actor = await _actor(request)
    form = await checked_form(request)
    try:
        await accounts.redeem_binding_code(actor, str(form.get("code", "")))
    except DomainError as error:
        return _page(request, "my/unverified.html", {"error": error.message}, 400, actor)
    return RedirectResponse("/my/", status_code=303)


async def record(request: Request) -> Response:
    actor = await _actor(request)
    kind, record_id = request.path_params["kind"], request.path_params["id"]
    try:
        overview = await mine.overview(actor)
    except DomainError as error:
        return _error(request, error, actor)
    found = next((r for r in overview.records if r.ref.kind == kind and r.ref.id == record_id), None)
    if found is None:
        return _page(request, "my/error.html", {"status": 404, "message": "未找到该记录。"}, 404, actor)
    return _page(request, "my/record.html", {"item": found, "overview": overview}, actor=actor)


async def _uploads(form: Any) -> list[attachments.Upload]:
    """The uploaded files, read (at most one byte past the limit) and closed."""
    out = []
    try:
        for value in form.getlist("files"):
            if isinstance(value, UploadFile) and (value.filename or value.size):
                data = await value.read(attachments.MAX_BYTES + 1)
                out.append(attachments.Upload(value.filename or "", data))
    finally:
        await form.close()
    return out


FORM_LIMITS = {"max_files": attachments.MAX_FILES + 1, "max_fields": 20}


async def record_action(request: Request) -> Response:
    actor = await _actor(request)
    kind, record_id, action = (request.path_params[k] for k in ("kind", "id", "action"))
    form = await checked_form(request, **FORM_LIMITS)
    files = await _uploads(form)
    try:
        if action == "repair":
            app = await repairs.apply(actor, kind, record_id,
                                      commitment=str(form.get("commitment", "")),
                                      performance=str(form.get("performance", "")),
                                      uploads=files)
            return RedirectResponse(f"/my/repairs/{app.id}", status_code=303)
        if action == "statement":
            await statements.submit_statement(actor, kind, record_id, str(form.get("text", "")))
        elif action == "objection":
            await objections.submit_objection(actor, kind, record_id, str(form.get("ground", "")),
                                              str(form.get("text", "")))
        else:
            raise HTTPException(404)
    except DomainError as error:
        return _error(request, error, actor)
    return RedirectResponse(f"/my/records/{kind}/{record_id}", status_code=303)


async def repair(request: Request) -> Response:
    actor = await _actor(request)
    try:
        app = await repairs.application_of(actor, request.path_params["id"])
    except DomainError as error:
        return _error(request, error, actor)
    return _page(request, "my/repair.html", {"app": app, "steps": await app.steps.all(),
                                             "files": await app.attachments.all()}, actor=actor)


async def resubmit(request: Request) -> Response:
    actor = await _actor(request)
    form = await checked_form(request, **FORM_LIMITS)
    files = await _uploads(form)
    try:
        app = await repairs.resubmit(actor, request.path_params["id"],
                                     performance=str(form.get("performance", "")), uploads=files)
    except DomainError as error:
        return _error(request, error, actor)
    return RedirectResponse(f"/my/repairs/{app.id}", status_code=303)


async def users(request: Request) -> Response:
    actor = await _actor(request)
    try:
        if request.method == "POST":
            form = await checked_form(request)
            await accounts.add_user(actor, username=str(form.get("username", "")),
                                    password=str(form.get("password", "")),
                                    display_name=str(form.get("display_name", "")))
            return RedirectResponse("/my/users", status_code=303)
        rows = await accounts.users_of(actor)
    except DomainError as error:
        return _error(request, error, actor)
    return _page(request, "my/users.html", {"users": rows}, actor=actor)


async def user_action(request: Request) -> Response:
    actor = await _actor(request)
    await checked_form(request)
    action = request.path_params["action"]
    if action not in ("enable", "disable"):
        raise HTTPException(404)
    try:
        await accounts.set_user_active(actor, request.path_params["id"], action == "enable")
    except DomainError as error:
        return _error(request, error, actor)
    return RedirectResponse("/my/users", status_code=303)
