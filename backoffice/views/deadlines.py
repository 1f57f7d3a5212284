"""Publication deadlines per department, and the staff-maintained holiday table."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_options, form_of, page, staff_page
from portal.core.errors import InvalidInput
from portal.core.policies import PolicyActor
from portal.publishing import calendar, deadlines, queries
from portal.publishing.workflow import STATE_LABELS


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    scope = queries.workflow_scope(actor)
    options = [o for o in await department_options(scope.everywhere, scope.department_ids) if o[0] != "*"]
    chosen = request.query_params.get("department", "")
    if not (chosen.isascii() and chosen.isdigit()):
        chosen = options[0][0] if options else ""
    if not chosen:
        return page(request, actor, "publishing/deadlines.html", {"options": options, "report": None, "state_labels": STATE_LABELS})
    report = await deadlines.report(actor, int(chosen))
    return page(request, actor, "publishing/deadlines.html",
                {"options": options, "chosen": chosen, "report": report, "state_labels": STATE_LABELS})


@staff_page
async def workdays(request: Request, actor: PolicyActor) -> Response:
    context: dict[str, object] = {"years": await calendar.years()}
    if request.method == "GET":
        return page(request, actor, "publishing/workdays.html", context)
    form = await form_of(request)
    year = str(form.get("year", ""))
    try:
        if not (year.isascii() and year.isdigit()):
            raise InvalidInput("请填写四位年份。", field="year")
        await calendar.save_year(actor, int(year), holidays=str(form.get("holidays", "")).splitlines(),
                                 makeup_workdays=str(form.get("makeup", "")).splitlines(),
                                 source=str(form.get("source", "")))
    except InvalidInput as error:
        return page(request, actor, "publishing/workdays.html",
                    {**context, "error": error.message, "form": form}, 400)
    return RedirectResponse(f"{BACKOFFICE}/workdays?saved={year}", 303)
