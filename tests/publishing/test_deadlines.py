"""Result publication deadlines on the working-day clock: Spring Festival, National Day, 2027."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.core import clock
from portal.core.errors import InvalidInput
from portal.core.policies import Assignment, Forbidden, Role, staff_actor
from portal.core.publication import PublicationState
from portal.core.workdays import WorkdayCalendar
from portal.publishing import calendar, deadlines
from portal.publishing.models import WorkdayYear
from portal.sampling.models import Progress
from tests import factories as f
from tests.backoffice.browser import login, submit
from tests.identity.helpers import current_code, staff

pytestmark = pytest.mark.anyio
ADMIN = staff_actor("staff:99", "系统管理员", [Assignment(Role.ADMINISTRATOR, None)])


async def _result_for_task(completed_on: dt.date, state: PublicationState = PublicationState.DRAFT,
                           published_on: dt.date | None = None) -> int:
    task = await f.task(await f.plan())
    task.completed_on, task.progress = completed_on, Progress.COMPLETED
    await task.save()
    row = await f.result(await f.enterprise(), state=state, task=task)
    if published_on is not None:
        row.published_at = dt.datetime.combine(published_on, dt.time(9), tzinfo=clock.CST)
        await row.save()
    return row.id


@pytest.mark.parametrize(("completed", "due"), [
    (dt.date(2025, 1, 20), dt.date(2025, 2, 21)),  # Spring Festival 1-28..2-4, make-up 1-26, 2-8
    (dt.date(2025, 9, 26), dt.date(2025, 10, 30)),  # National Day 10-1..10-8, make-up 9-28, 10-11
    (dt.date(2025, 12, 20), dt.date(2026, 1, 19)),  # year boundary, New Year 2026-1-1..1-3
])
async def test_due_dates_follow_the_state_council_calendar(db_clean: None, completed: dt.date, due: dt.date) -> None:
    dept = await f.department()
    rid = await _result_for_task(completed)
    with clock.frozen(due + dt.timedelta(days=1)):
        report = await deadlines.report(f.staff_as("reviewer", dept), dept.id)
    assert [(d.result.id, d.due) for d in report.overdue] == [(rid, due)]
    assert report.warnings == []
    with clock.frozen(due):
        report = await deadlines.report(f.staff_as("reviewer", dept), dept.id)
    assert not report.overdue and [d.workdays_left for d in report.due_soon] == [0]


async def test_due_soon_overdue_and_published_late(db_clean: None) -> None:
    dept = await f.department()
    overdue = await _result_for_task(dt.date(2025, 4, 1))
    soon = await _result_for_task(dt.date(2025, 5, 20))
    await _result_for_task(dt.date(2025, 6, 10))  # due in July: neither
    late = await _result_for_task(dt.date(2025, 3, 3), PublicationState.PUBLISHED, dt.date(2025, 4, 30))
    await _result_for_task(dt.date(2025, 3, 3), PublicationState.PUBLISHED, dt.date(2025, 3, 20))  # on time
    with clock.frozen(dt.date(2025, 6, 16)):
        report = await deadlines.report(f.staff_as("editor", dept), dept.id)
    assert [d.result.id for d in report.overdue] == [overdue]
    assert [d.result.id for d in report.due_soon] == [soon]
    assert [d.result.id for d in report.published_late] == [late]
    with pytest.raises(Forbidden):
        await deadlines.report(f.staff_as("editor", dept.id + 1), dept.id)


async def test_a_missing_year_warns_and_the_staff_table_fills_it(db_clean: None) -> None:
    dept = await f.department()
    await _result_for_task(dt.date(2026, 12, 15))
    with clock.frozen(dt.date(2027, 2, 1)):
        report = await deadlines.report(f.staff_as("reviewer", dept), dept.id)
        assert report.warnings and "2027年" in report.warnings[0]
        assert report.overdue[0].due == dt.date(2027, 1, 12)  # weekends only: a visible guess
        await calendar.save_year(ADMIN, 2027, holidays=["2027-01-01..2027-01-03"], makeup_workdays=[],
                                 source="测试")
        report = await deadlines.report(f.staff_as("reviewer", dept), dept.id)
    assert report.warnings == [] and report.overdue[0].due == dt.date(2027, 1, 13)


@pytest.mark.parametrize(("holidays", "makeup", "message"), [
    (["2027-13-01"], [], "不是日期"),
    (["2028-01-01"], [], "不在 2027 年内"),
    (["2027-02-06..2027-01-01"], [], "范围"),
    (["2027-02-06"], ["2027-02-06"], "既是放假日"),
    (["2027-02-06"], ["2027-02-08"], "本来就是工作日"),
    ([], [], "至少"),
])
async def test_schedule_input_is_checked(db_clean: None, holidays: list[str], makeup: list[str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        await calendar.save_year(ADMIN, 2027, holidays=holidays, makeup_workdays=makeup)
    assert await WorkdayYear.all().count() == 0


async def test_only_system_administrators_maintain_the_calendar(db_clean: None) -> None:
    with pytest.raises(Forbidden):
        await calendar.save_year(f.staff_as("reviewer", 1), 2027, holidays=["2027-01-01"], makeup_workdays=[])


async def test_calendar_merges_the_table_with_the_library(db_clean: None) -> None:
    await calendar.save_year(ADMIN, 2027, holidays=["2027-02-08..2027-02-12"], makeup_workdays=["2027-02-06"])
    cal = await calendar.calendar()
    assert cal.is_workday(dt.date(2027, 2, 6)) == (True, None)
    assert cal.is_workday(dt.date(2027, 2, 9)) == (False, None)
    assert WorkdayCalendar().is_workday(dt.date(2027, 2, 9))[1] is not None


async def test_deadline_and_calendar_pages(browser: httpx.AsyncClient) -> None:
    dept = await f.department()
    await _result_for_task(dt.date(2026, 12, 15))
    admin = await staff("admin", (Role.ADMINISTRATOR, None), (Role.REVIEWER, dept.id))
    await login(browser, "admin", totp=current_code(admin))
    with clock.frozen(dt.date(2027, 2, 1)):
        page = await browser.get(f"/backoffice/publishing-deadlines?department={dept.id}")
    assert page.status_code == 200 and "2027年的国务院节假日安排尚未录入" in page.text and "超期" in page.text
    form = await browser.get("/backoffice/workdays")
    bad = await submit(browser, form, {"year": "2027", "holidays": "明年春节"}, index=1)
    assert bad.status_code == 400 and "不是日期" in bad.text
    saved = await submit(browser, form, {"year": "2027", "holidays": "2027-01-01..2027-01-03",
                                         "makeup": "", "source": "国办发明电〔2026〕1号"}, index=1)
    assert saved.status_code == 303
    with clock.frozen(dt.date(2027, 2, 1)):
        page = await browser.get(f"/backoffice/publishing-deadlines?department={dept.id}")
    assert "尚未录入" not in page.text and "2027-01-13" in page.text
