"""双随机 in the back office, without JavaScript: directories, plan, task, draw, results."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.inspections.models import InspectionResult
from portal.sampling.directory import Inspector, InspectorConflict, TargetProfile
from portal.sampling.models import SamplingPlan, SamplingTask
from portal.sampling.records import TaskDraw
from tests import factories
from tests.backoffice.browser import forms, login, submit
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio


def _form(page: httpx.Response, action_part: str, extra: str = "") -> int:
    found = [i for i, f in enumerate(forms(page.text, str(page.url)))
             if action_part in f.action and extra in str(f.fields)]
    assert found, f"no form posting to {action_part}"
    return found[0]


async def _publish_through_review(browser: httpx.AsyncClient, second: httpx.AsyncClient,
                                  plan_id: int, dept_id: int) -> None:
    """The plan page leads to the generic record page: the editor picks participants and items
    (checkboxes) and submits; the editor cannot approve (author); another reviewer approves and
    publishes, seeing the draft task that goes public with the plan."""
    health = await factories.department("义乌市卫生健康局")
    item = await factories.item("YW-FOOD-01")
    page = await browser.get(f"/backoffice/sampling/plans/{plan_id}")
    record_url = f"/backoffice/publishing/sampling_plan/{plan_id}"
    assert record_url in page.text and f"/sampling/plans/{plan_id}/publish" not in page.text
    record = await browser.get(record_url)
    assert 'type="checkbox" name="participants"' in record.text
    assert f'name="participants" value="{dept_id}"' not in record.text  # the lead is not offered
    edit = forms(record.text, str(record.url))[_form(record, f"{record_url}/edit")]
    saved = await browser.post(edit.action, data={**edit.fields, "participants": [str(health.id)],
                                                  "items": [str(item.id)]})
    assert saved.status_code == 303, saved.text
    record = await browser.get(record_url)
    assert f"义乌市卫生健康局（编号 {health.id}）" in record.text and "YW-FOOD-01" in record.text
    assert (await submit(browser, record, {}, index=_form(record, f"{record_url}/submit"))).status_code == 303
    record = await browser.get(record_url)
    refused = await submit(browser, record, {}, index=_form(record, f"{record_url}/approve"))
    assert refused.status_code == 400 and "双人复核" in refused.text

    await staff("reviewer-b", (Role.REVIEWER, dept_id))
    assert (await login(second, "reviewer-b")).status_code == 200
    record = await second.get(record_url)
    assert "随本抽查计划一并发布" in record.text and "第一批" in record.text
    assert (await submit(second, record, {}, index=_form(record, f"{record_url}/approve"))).status_code == 303
    record = await second.get(record_url)
    assert (await submit(second, record, {}, index=_form(record, f"{record_url}/publish"))).status_code == 303
    public = await second.get(f"/sampling-plans/{plan_id}")
    assert public.status_code == 200 and "义乌市卫生健康局" in public.text and "第一批" in public.text


async def test_an_editor_runs_a_plan_from_directories_to_results(
    browser: httpx.AsyncClient, second_browser: httpx.AsyncClient,
) -> None:
    dept = await factories.department()
    editor = await staff("editor-a", (Role.EDITOR, dept.id), (Role.REVIEWER, dept.id))
    assert (await login(browser, "editor-a")).status_code == 200
    ents = [await factories.enterprise() for _ in range(6)]
    page = await browser.get("/backoffice/sampling/targets")
    assert page.status_code == 200
    for n, ent in enumerate(ents):
        done = await submit(browser, page, {"uscc": ent.uscc, "scope_tags": "food",
                                            "risk_grade": "ABCD"[n % 4]},
                            index=_form(page, "/sampling/targets", "'target'"))
        assert done.status_code == 303, done.text
    listing = await browser.get("/backoffice/sampling/targets")
    assert ents[0].uscc in listing.text and "风险等级" in listing.text
    page = await browser.get("/backoffice/sampling/inspectors")
    for n in range(3):
        done = await submit(browser, page, {"certificate_no": f"ZJ00{n}", "name": f"张{n}",
                                            "qualifications": "food",
                                            "staff_id": str(editor.id) if n == 0 else ""},
                            index=_form(page, "/sampling/inspectors", "'inspector'"))
        assert done.status_code == 303, done.text
    page = await browser.get("/backoffice/sampling/inspectors")
    first = await Inspector.get(certificate_no="ZJ001")
    done = await submit(browser, page, {"inspector_id": str(first.id), "uscc": ents[0].uscc,
                                        "reason": "近亲属任职"},
                        index=_form(page, "/sampling/inspectors", "'conflict'"))
    assert done.status_code == 303 and await InspectorConflict.exists(inspector_id=first.id)

    page = await browser.get("/backoffice/sampling")
    created = await submit(browser, page, {
        "year": "2025", "name": "2025年度食品双随机抽查计划", "scope_tags": "food",
        "ratio_A": "100", "ratio_B": "100", "ratio_C": "50", "ratio_D": "50",
        "required_qualifications": "food", "recent_clean_days": "0",
    }, index=_form(page, "/sampling/plans"))
    assert created.status_code == 303, created.text
    plan = await SamplingPlan.get(name="2025年度食品双随机抽查计划")
    assert plan.publication_state == "draft"
    page = await browser.get(created.headers["location"])
    assert "应于 2025年03月31日 前公开" in page.text  # today is past 31 March 2025
    done = await submit(browser, page, {"name": "第一批"}, index=_form(page, "/tasks"))
    assert done.status_code == 303
    await _publish_through_review(browser, second_browser, plan.id, dept.id)
    task = await SamplingTask.get(plan_id=plan.id)
    assert task.publication_state == "published"

    page = await browser.get(f"/backoffice/sampling/tasks/{task.id}")
    done = await submit(browser, page, {}, index=_form(page, "/commit"))
    assert done.status_code == 303, done.text
    page = await browser.get(f"/backoffice/sampling/tasks/{task.id}")
    done = await submit(browser, page, {}, index=_form(page, "/run"))
    assert done.status_code == 303, done.text
    record = await TaskDraw.get(task_id=task.id)
    assert record.drawn_at is not None and sum(s["quota"] for s in record.strata) == 6
    page = await browser.get(f"/backoffice/sampling/tasks/{task.id}")
    assert "ZJ001" in page.text or "ZJ000" in page.text
    mine = await browser.get("/backoffice/sampling")
    assert "我的检查任务" in mine.text
    for _ in range(6):
        page = await browser.get(f"/backoffice/sampling/tasks/{task.id}")
        done = await submit(browser, page, {"result_code": "no_problem",
                                            "inspected_on": "2025-06-01"},
                            index=_form(page, "/result"))
        assert done.status_code == 303, done.text
    drafts = await InspectionResult.filter(task_id=task.id)
    assert len(drafts) == 6 and {r.publication_state for r in drafts} == {"draft"}
    assert {r.department_id for r in drafts} == {dept.id}  # type: ignore[attr-defined]
    page = await browser.get(f"/backoffice/sampling/tasks/{task.id}")
    done = await submit(browser, page, {"completed_on": "2025-06-10"}, index=_form(page, "/complete"))
    assert done.status_code == 303
    assert (await SamplingTask.get(id=task.id)).completed_on == dt.date(2025, 6, 10)
    actions = {e.action for e in await AuditEntry.all()}
    assert {"sampling.draw_commit", "sampling.draw", "sampling.result_enter",
            "sampling.task_complete", "sampling.target_upsert"} <= actions


async def test_bad_input_and_missing_permission_are_clear_pages(
    browser: httpx.AsyncClient,
) -> None:
    dept = await factories.department()
    await staff("reviewer-a", (Role.REVIEWER, dept.id))
    assert (await login(browser, "reviewer-a")).status_code == 200
    refused = await browser.get("/backoffice/sampling/targets")
    assert refused.status_code == 403
    assert (await browser.get("/backoffice/sampling")).status_code == 200
    await browser.post("/backoffice/logout", data={})


async def test_an_editor_gets_400_for_a_bad_grade_and_nothing_changes(
    browser: httpx.AsyncClient,
) -> None:
    dept = await factories.department()
    await staff("editor-b", (Role.EDITOR, dept.id))
    assert (await login(browser, "editor-b")).status_code == 200
    ent = await factories.enterprise()
    page = await browser.get("/backoffice/sampling/targets")
    bad = await submit(browser, page, {"uscc": ent.uscc, "risk_grade": "E"},
                       index=_form(page, "/sampling/targets", "'target'"))
    assert bad.status_code in (400, 303)
    page = await browser.get("/backoffice/sampling/targets")
    form = forms(page.text, str(page.url))[_form(page, "/sampling/targets", "'target'")]
    bad = await browser.post(form.action, data={**form.fields, "uscc": ent.uscc,
                                                "risk_grade": "E"})
    assert bad.status_code == 400 and "风险等级应为" in bad.text
    bad = await browser.post(form.action, data={**form.fields, "uscc": "123",
                                                "risk_grade": "A"})
    assert bad.status_code == 400 and "18位" in bad.text
    assert not await TargetProfile.exists()
    no_csrf = await browser.post(form.action, data={"uscc": ent.uscc, "risk_grade": "A"})
    assert no_csrf.status_code == 403


@pytest.mark.parametrize("path", ["/backoffice/sampling", "/backoffice/sampling/targets",
                                  "/backoffice/sampling/inspectors",
                                  "/backoffice/sampling/plans/1", "/backoffice/sampling/tasks/1"])
async def test_sampling_pages_need_a_login(browser: httpx.AsyncClient, path: str) -> None:
    response = await browser.get(path)
    assert response.status_code == 303 and "/backoffice/login" in response.headers["location"]


@pytest.mark.parametrize("path", ["/backoffice/sampling/plans", "/backoffice/sampling/tasks/1/run",
                                  "/backoffice/sampling/plans/1/tasks",
                                  "/backoffice/sampling/targets/1/result",
                                  "/backoffice/sampling/inspectors"])
async def test_sampling_forms_need_the_csrf_token(browser: httpx.AsyncClient, path: str) -> None:
    dept = await factories.department()
    await staff("editor-c", (Role.EDITOR, dept.id))
    assert (await login(browser, "editor-c")).status_code == 200
    response = await browser.post(path, data={"csrf_token": "forged", "name": "x"})
    assert response.status_code == 403 and "CSRF" in response.text


async def test_another_departments_task_page_is_refused(browser: httpx.AsyncClient) -> None:
    with_task = await factories.drawable_task(targets=4)
    other = await factories.department("东阳市市场监督管理局", "330783")
    await staff("editor-d", (Role.EDITOR, other.id))
    assert (await login(browser, "editor-d")).status_code == 200
    assert (await browser.get(f"/backoffice/sampling/tasks/{with_task.id}")).status_code == 403
