"""举报投诉 pages: submit (no JavaScript), the receipt shown once, follow-up with the code."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal.config import get_settings
from portal.core.errors import DomainError
from portal.tips import intake, queries
from portal.tips.catalogue import CATEGORIES
from portal.tips.models import TipKind
from public_site import tip_forms as forms
from public_site.rendering import render


def _page(request: Request, name: str, context: dict[str, Any] | None = None,
          status_code: int = 200) -> Response:
    ctx = {"csrf_token": forms.csrf_token(request), "categories": CATEGORIES,
           "settings": get_settings(), **(context or {})}
    return forms.finish(request, render(request, name, ctx, status_code=status_code))


def _submission(form: FormData, files: list[Any]) -> intake.Submission:
    kinds = {TipKind(k) for k in form.getlist("kinds") if k in {t.value for t in TipKind}}
    return intake.Submission(
        kinds=kinds, enterprise=str(form.get("enterprise", "")), category=str(form.get("category", "")),
        place=str(form.get("place", "")), occurred=str(form.get("occurred", "")),
        description=str(form.get("description", "")), identity=str(form.get("identity", "")),
        contact=str(form.get("contact", "")), consent_publication=bool(form.get("consent_publication")),
        reward_claim=bool(form.get("reward_claim")), files=files,
    )


def _kept(form: FormData) -> dict[str, Any]:
    """Re-fill the form after an error (never the files, never identity/contact)."""
    keep = ("enterprise", "category", "place", "occurred", "description")
    return {**{k: str(form.get(k, "")) for k in keep}, "kinds": form.getlist("kinds")}


async def new(request: Request) -> Response:
    if request.method == "GET":
        return _page(request, "tips/new.html", {"form": {"kinds": ["report"]}})
    form = await forms.checked_form(request)
    try:
        receipt = await intake.submit(_submission(form, await forms.uploads(form)),
                                      client=forms.client(request))
    except DomainError as error:
        status = 429 if error.code == "rate_limited" else 400
        return _page(request, "tips/new.html", {"error": error, "form": _kept(form)}, status)
    return _page(request, "tips/receipt.html", {"receipt": receipt})


async def saved(request: Request) -> Response:
    """The "我已保存" confirmation after the receipt page."""
    form = await forms.checked_form(request)
    if not form.get("saved"):
        return _page(request, "tips/receipt_unsaved.html", status_code=400)
    return RedirectResponse("/tips/follow-up?saved=1", status_code=303)


async def follow_up(request: Request) -> Response:
    if request.method == "GET":
        return _page(request, "tips/follow_up.html", {"saved": request.query_params.get("saved")})
    form = await forms.checked_form(request)
    try:
        tip_id = await intake.authorise(str(form.get("receipt", "")), client=forms.client(request))
    except DomainError as error:
        status = 429 if error.code == "rate_limited" else 400
        return _page(request, "tips/follow_up.html", {"error": error}, status)
    response = RedirectResponse("/tips/status", status_code=303)
    forms.set_pass(request, response, intake.make_pass(tip_id))
    return forms.finish(request, response)


async def status(request: Request) -> Response:
    try:
        view = await queries.submitter_view(intake.read_pass(request.cookies.get(forms.PASS_COOKIE)))
    except DomainError as error:
        return _page(request, "tips/follow_up.html", {"error": error}, 400)
    return _page(request, "tips/status.html", {"view": view, "done": request.query_params.get("done")})


async def message(request: Request) -> Response:
    form = await forms.checked_form(request)
    try:
        tip_id = intake.read_pass(request.cookies.get(forms.PASS_COOKIE))
        await intake.add_message(tip_id, str(form.get("body", "")), await forms.uploads(form))
    except DomainError as error:
        return _page(request, "tips/follow_up.html", {"error": error}, 400)
    return RedirectResponse("/tips/status?done=1", status_code=303)


async def attachment(request: Request) -> Response:
    try:
        tip_id = intake.read_pass(request.cookies.get(forms.PASS_COOKIE))
        name, media_type, data = await queries.submitter_attachment(tip_id, request.path_params["id"])
    except DomainError as error:
        return _page(request, "tips/follow_up.html", {"error": error}, 404)
    return forms.finish(request, Response(data, media_type=media_type, headers=download(name)))


def download(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}


async def leave(request: Request) -> Response:
    await forms.checked_form(request)
    response = RedirectResponse("/tips/follow-up", status_code=303)
    forms.clear_pass(response)
    return forms.finish(request, response)
