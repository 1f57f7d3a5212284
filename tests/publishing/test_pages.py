"""Back-office publication pages: no-JS forms with CSRF, masks, four eyes, public result."""

from __future__ import annotations

import httpx
import pytest

from portal.core.policies import Role
from portal.credit.models import Penalty
from portal.publishing.models import Revision
from tests import factories
from tests.backoffice.browser import forms, login, submit
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio


def _form(page: httpx.Response, action_part: str) -> int:
    found = [i for i, f in enumerate(forms(page.text, str(page.url))) if f.action.endswith(action_part)]
    assert found, f"no form posting to {action_part}"
    return found[0]


async def test_editor_form_to_reviewer_approval_to_public_page(
        browser: httpx.AsyncClient, second_browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    ent = await factories.enterprise()
    await staff("editor", (Role.EDITOR, dept.id))
    await staff("reviewer", (Role.REVIEWER, dept.id))
    assert (await login(browser, "editor")).status_code == 200
    page = await browser.get("/backoffice/publishing/penalty/new")
    assert page.status_code == 200 and "新建行政处罚草稿" in page.text
    values = factories.penalty_values(ent)
    saved = await submit(browser, page, {**values, "department_id": str(dept.id)}, index=_form(page, "/new"))
    assert saved.status_code == 303, saved.text
    record = await browser.get(saved.headers["location"])
    assert "<mark" in record.text and "13912345678" in record.text  # staff see the original
    pid = (await Penalty.get()).id
    # the editor drops the name mask but keeps the phone mask; adds a phrase
    masks = await Revision.get(object_id=pid)
    keep = {f"keep:violation:{i}": "1" for i, m in enumerate(masks.masks["violation"]) if m[2] == "mobile"}
    adjusted = await browser.post(f"/backoffice/publishing/penalty/{pid}/masks", data={
        "csrf_token": forms(record.text, str(record.url))[0].fields["csrf_token"], **keep,
        "phrases:basis": "第四十九条"})
    assert adjusted.status_code == 303
    row = await Penalty.get(id=pid)
    assert "张三丰" in row.violation and "13912345678" not in row.violation and "第四十九条" not in row.basis
    record = await browser.get(f"/backoffice/publishing/penalty/{pid}")
    submitted = await submit(browser, record, {}, index=_form(record, "/submit"))
    assert submitted.status_code == 303
    # no CSRF token: refused, nothing changes
    forged = await browser.post(f"/backoffice/publishing/penalty/{pid}/approve", data={})
    assert forged.status_code == 403

    assert (await login(second_browser, "reviewer")).status_code == 200
    record = await second_browser.get(f"/backoffice/publishing/penalty/{pid}")
    assert "审核通过" in record.text and "13912345678" in record.text
    approved = await submit(second_browser, record, {}, index=_form(record, "/approve"))
    assert approved.status_code == 303
    record = await second_browser.get(f"/backoffice/publishing/penalty/{pid}")
    published = await submit(second_browser, record, {}, index=_form(record, "/publish"))
    assert published.status_code == 303
    public = await browser.get(f"/penalties/{pid}")
    assert public.status_code == 200 and "[已隐去：个人隐私]" in public.text
    assert "13912345678" not in public.text


async def test_bad_input_is_explained_and_own_approval_is_refused(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    ent = await factories.enterprise()
    await staff("both", (Role.EDITOR, dept.id), (Role.REVIEWER, dept.id))
    await login(browser, "both")
    page = await browser.get("/backoffice/publishing/penalty/new")
    bad = await submit(browser, page, {**factories.penalty_values(ent, enterprise="123"),
                                       "department_id": str(dept.id)}, index=_form(page, "/new"))
    assert bad.status_code == 400 and "统一社会信用代码应为18位" in bad.text
    saved = await submit(browser, page, {**factories.penalty_values(ent), "department_id": str(dept.id)},
                         index=_form(page, "/new"))
    pid = (await Penalty.get()).id
    record = await browser.get(saved.headers["location"])
    await submit(browser, record, {}, index=_form(record, "/submit"))
    record = await browser.get(f"/backoffice/publishing/penalty/{pid}")
    refused = await submit(browser, record, {}, index=_form(record, "/approve"))
    assert refused.status_code == 400 and "双人复核" in refused.text
    assert (await browser.get("/backoffice/publishing/nonsense/1")).status_code == 404
    assert (await browser.get("/backoffice/publishing")).status_code == 200


async def test_every_kind_has_a_form_a_list_and_a_record_page(browser: httpx.AsyncClient) -> None:
    from portal.publishing import services
    from portal.publishing.kinds import ADAPTERS
    from tests.publishing.test_kinds import _values

    dept = await factories.department()
    await staff("editor", (Role.EDITOR, dept.id))
    await login(browser, "editor")
    editor = factories.staff_as("editor", dept, 77)
    for kind, ad in ADAPTERS.items():
        form = await browser.get(f"/backoffice/publishing/{kind}/new")
        assert form.status_code == 200 and all(f'name="{f.name}"' in form.text for f in ad.fields), kind
        rev = await services.save_draft(editor, kind, await _values(kind), department_id=dept.id)
        listing = await browser.get(f"/backoffice/publishing/{kind}")
        assert listing.status_code == 200 and f"/backoffice/publishing/{kind}/{rev.object_id}" in listing.text
        record = await browser.get(f"/backoffice/publishing/{kind}/{rev.object_id}")
        assert record.status_code == 200 and "提交审核" in record.text, kind


@pytest.mark.parametrize("path", ["/backoffice/publishing/penalty/new", "/backoffice/publishing/penalty/{p}/edit",
                                  "/backoffice/publishing/penalty/{p}/masks",
                                  "/backoffice/publishing/penalty/{p}/submit", "/backoffice/workdays"])
@pytest.mark.parametrize("token", ["missing", "wrong"])
async def test_every_publishing_form_needs_the_sessions_csrf_token(
        browser: httpx.AsyncClient, path: str, token: str) -> None:
    from portal.core.models import AuditEntry
    from portal.publishing import services

    dept = await factories.department()
    admin = await staff("editor", (Role.EDITOR, dept.id), (Role.ADMINISTRATOR, None))
    from tests.identity.helpers import current_code

    await login(browser, "editor", totp=current_code(admin))
    rev = await services.save_draft(factories.staff_as("editor", dept, 5), "penalty",
                                    factories.penalty_values(await factories.enterprise()), department_id=dept.id)
    before = await AuditEntry.all().count()
    data = {"year": "2027", "holidays": "2027-01-01", "violation": "改", "department_id": str(dept.id),
            **({"csrf_token": "forged"} if token == "wrong" else {})}
    response = await browser.post(path.format(p=rev.object_id), data=data)
    assert response.status_code == 403 and "CSRF" in response.text
    assert await AuditEntry.all().count() == before


async def test_a_plans_departments_are_checkboxes_and_their_changes_show_in_the_diff(
        browser: httpx.AsyncClient) -> None:
    from portal.publishing import services

    dept = await factories.department()
    health = await factories.department("义乌市卫生健康局")
    tax = await factories.department("国家税务总局义乌市税务局")
    await staff("reviewer", (Role.REVIEWER, dept.id))
    await login(browser, "reviewer")
    new = await browser.get("/backoffice/publishing/sampling_plan/new")
    assert "牵头部门" in new.text and f'name="participants" value="{tax.id}"' in new.text
    editor, reviewer = factories.staff_as("editor", dept, 1), factories.staff_as("reviewer", dept, 2)
    values = {"year": "2026", "name": "联合抽查计划", "progress": "planned", "participants": str(health.id)}
    oid = (await services.save_draft(editor, "sampling_plan", values, department_id=dept.id)).object_id
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish"),
                        (editor, "correct")):
        await services.transition(who, "sampling_plan", oid, action, reason="税务部门加入")
    await services.save_draft(editor, "sampling_plan", {"participants": f"{health.id},{tax.id}"}, object_id=oid)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "sampling_plan", oid, action)
    page = await browser.get(f"/backoffice/publishing/sampling_plan/{oid}?from=1&to=2")
    assert page.status_code == 200 and "版本差异" in page.text
    assert f"+ 国家税务总局义乌市税务局（编号 {tax.id}）" in page.text
    assert f"义乌市卫生健康局（编号 {health.id}）、国家税务总局义乌市税务局（编号 {tax.id}）" in page.text
