"""双随机 in the back office: plans and tasks, the two directories, the draw, results.

Views parse the form, call one domain function and render; refusals become 400/403/404 pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_names, department_options, form_of, page, staff_page
from portal.core.errors import InvalidInput
from portal.core.pk import parse_pk
from portal.core.policies import Permission, PolicyActor, scope_of
from portal.inspections.models import RESULT_LABELS
from portal.publishing.workflow import STATE_LABELS
from portal.sampling import directory_services, drawing, planning, results, staff_queries
from portal.sampling.directory import RiskGrade

HOME = f"{BACKOFFICE}/sampling"


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def _int(form: FormData, name: str, label: str, default: int | None = None) -> int:
    value = _text(form, name)
    if not value and default is not None:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise InvalidInput(f"{label}应为数字。", field=name)
    return int(value)


def _date(form: FormData, name: str, required: bool = False) -> dt.date | None:
    value = _text(form, name)
    if not value and not required:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("日期格式应为 YYYY-MM-DD。", field=name) from None


def _error(request: Request, actor: PolicyActor, error: InvalidInput, back: str) -> Response:
    return page(request, actor, "errors/error.html",
                {"status": 400, "message": error.message, "back": back}, 400)


async def _departments(actor: PolicyActor) -> list[tuple[str, str]]:
    scope = scope_of(actor, Permission.PUBLICATION_EDIT)
    return [o for o in await department_options(scope.everywhere, scope.department_ids)
            if o[0] != "*"]


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    mine = await results.my_assignments(actor)
    rows = await staff_queries.plans(actor) if not scope_of(
        actor, Permission.PUBLICATION_EDIT).empty else []
    warnings = {p.id: planning.publication_warning(p) for p in rows}
    return page(request, actor, "sampling/index.html", {
        "plans": rows, "warnings": warnings, "mine": mine,
        "departments": await _departments(actor), "grades": list(RiskGrade),
        "defaults": planning.DEFAULT_RATIOS, "state_labels": STATE_LABELS,
    })


@staff_page
async def new_plan(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    try:
        plan = await planning.create_plan(actor, planning.PlanInput(
            year=_int(form, "year", "年度"), name=_text(form, "name"),
            lead_department_id=_int(form, "lead_department_id", "牵头部门"),
            participant_ids=[n for v in form.getlist("participant_ids") if (n := parse_pk(v)) is not None],
            scope=_text(form, "scope"), scope_tags=_text(form, "scope_tags"),
            ratios={g: _text(form, f"ratio_{g.value}") or planning.DEFAULT_RATIOS[g]
                    for g in RiskGrade},
            window_start=_date(form, "window_start"), window_end=_date(form, "window_end"),
            required_qualifications=_text(form, "required_qualifications"),
            inspectors_per_target=_int(form, "inspectors_per_target", "每户检查人员", 2),
            yearly_cap=_int(form, "yearly_cap", "年度抽查上限", 2),
            exclude_higher_level=bool(form.get("exclude_higher_level")),
            recent_clean_days=_int(form, "recent_clean_days", "近期检查排除期", 365),
        ))
    except InvalidInput as error:
        return _error(request, actor, error, HOME)
    return RedirectResponse(f"{HOME}/plans/{plan.id}", status_code=303)


@staff_page
async def plan_detail(request: Request, actor: PolicyActor) -> Response:
    view = await staff_queries.plan(actor, int(request.path_params["id"]))
    names = await department_names({view.plan.lead_department_id, *view.participant_ids})  # type: ignore[attr-defined]
    return page(request, actor, "sampling/plan.html", {
        "view": view, "names": names, "warning": planning.publication_warning(view.plan),
        "message": request.query_params.get("done"), "state_labels": STATE_LABELS,
    })


async def _plan_action(request: Request, actor: PolicyActor, plan_id: int, form: FormData) -> None:
    action = request.path_params["action"]
    if action == "tasks":
        await planning.create_task(actor, plan_id, name=_text(form, "name"),
                                   department_id=_int(form, "department_id", "实施部门"),
                                   window_start=_date(form, "window_start"),
                                   window_end=_date(form, "window_end"))
    else:  # publication: the generic workflow's record page (/backoffice/publishing/sampling_plan/…)
        raise InvalidInput("未知操作。")


@staff_page
async def plan_action(request: Request, actor: PolicyActor) -> Response:
    plan_id = int(request.path_params["id"])
    form = await form_of(request)
    try:
        await _plan_action(request, actor, plan_id, form)
    except InvalidInput as error:
        return _error(request, actor, error, f"{HOME}/plans/{plan_id}")
    return RedirectResponse(f"{HOME}/plans/{plan_id}?done={request.path_params['action']}",
                            status_code=303)


@staff_page
async def task_detail(request: Request, actor: PolicyActor) -> Response:
    task, record = await staff_queries.task_draw(actor, int(request.path_params["id"]))
    rows = (await results.drawn_targets(actor, task.id))[1] if record and record.drawn_at else []
    return page(request, actor, "sampling/task.html", {
        "task": task, "record": record, "rows": rows, "result_labels": RESULT_LABELS,
        "message": request.query_params.get("done"),
    })


TASK_ACTIONS: dict[str, Callable[[PolicyActor, int, FormData], Awaitable[Any]]] = {
    "commit": lambda actor, task_id, form: drawing.commit_draw(actor, task_id),
    "run": lambda actor, task_id, form: drawing.run_draw(actor, task_id),
    "complete": lambda actor, task_id, form: results.complete_task(
        actor, task_id, _date(form, "completed_on", required=True)),  # type: ignore[arg-type]
}


@staff_page
async def task_action(request: Request, actor: PolicyActor) -> Response:
    task_id, action = int(request.path_params["id"]), request.path_params["action"]
    form = await form_of(request)
    back = f"{HOME}/tasks/{task_id}"
    if action not in TASK_ACTIONS:
        return page(request, actor, "errors/error.html", {"status": 404, "message": None}, 404)
    try:
        await TASK_ACTIONS[action](actor, task_id, form)
    except InvalidInput as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{back}?done={action}", status_code=303)


@staff_page
async def enter_result(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    back = f"{HOME}/tasks/{_text(form, 'task_id')}"
    try:
        await results.enter_result(
            actor, int(request.path_params["id"]), result_code=_text(form, "result_code"),
            inspected_on=_date(form, "inspected_on", required=True),  # type: ignore[arg-type]
            details=_text(form, "details"))
    except InvalidInput as error:
        return _error(request, actor, error, back)
    return RedirectResponse(f"{back}?done=result", status_code=303)


@staff_page
async def targets(request: Request, actor: PolicyActor) -> Response:
    if request.method == "POST":
        form = await form_of(request)
        try:
            if _text(form, "kind") == "check":
                await directory_services.record_check(
                    actor, uscc=_text(form, "uscc"),
                    department_id=_int(form, "department_id", "部门"),
                    checked_on=_date(form, "checked_on", required=True),  # type: ignore[arg-type]
                    trigger=_text(form, "trigger"),
                    problem_found={"yes": True, "no": False}.get(_text(form, "problem_found")),
                    note=_text(form, "note"))
            else:
                await directory_services.upsert_target(
                    actor, uscc=_text(form, "uscc"),
                    department_id=_int(form, "department_id", "部门"),
                    scope_tags=_text(form, "scope_tags"), risk_grade=_text(form, "risk_grade"))
        except InvalidInput as error:
            return _error(request, actor, error, f"{HOME}/targets")
        return RedirectResponse(f"{HOME}/targets?done=1", status_code=303)
    search = request.query_params.get("q", "")
    rows = await staff_queries.targets(actor, search)
    history = await staff_queries.history([r.enterprise_id for r in rows])  # type: ignore[attr-defined]
    return page(request, actor, "sampling/targets.html", {
        "rows": rows, "history": history, "q": search, "grades": list(RiskGrade),
        "departments": await _departments(actor), "message": request.query_params.get("done"),
    })


@staff_page
async def inspectors(request: Request, actor: PolicyActor) -> Response:
    if request.method == "POST":
        form = await form_of(request)
        try:
            if _text(form, "kind") == "conflict":
                await directory_services.declare_conflict(
                    actor, inspector_id=_int(form, "inspector_id", "检查人员"),
                    uscc=_text(form, "uscc"), reason=_text(form, "reason"))
            else:
                staff = _text(form, "staff_id")
                await directory_services.upsert_inspector(
                    actor, certificate_no=_text(form, "certificate_no"), name=_text(form, "name"),
                    department_id=_int(form, "department_id", "部门"),
                    qualifications=_text(form, "qualifications"),
                    staff_id=_int(form, "staff_id", "账号编号") if staff else None)
        except InvalidInput as error:
            return _error(request, actor, error, f"{HOME}/inspectors")
        return RedirectResponse(f"{HOME}/inspectors?done=1", status_code=303)
    rows = await staff_queries.inspectors(actor)
    names = await department_names({r.department_id for r, _ in rows})  # type: ignore[attr-defined]
    return page(request, actor, "sampling/inspectors.html", {
        "rows": rows, "names": names, "departments": await _departments(actor),
        "message": request.query_params.get("done"),
    })
