"""Publication deadlines of inspection results (DESIGN §4, §6).

A result is due for publication ``result_publication_workdays`` working days (settings; 20 by
企业信息公示暂行条例 art. 6) after its sampling task's completion date, on the State Council
calendar (portal.core.workdays plus the staff table in portal.publishing.calendar). The report
per department lists what is due soon, what is overdue and what was published late; years with
no schedule make the report carry a warning instead of failing.

Who may read it: anyone with a publication permission in that department.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portal.config import get_settings
from portal.core import clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput
from portal.core.policies import Forbidden
from portal.core.publication import PublicationState
from portal.core.workdays import WorkdayCalendar
from portal.inspections.models import InspectionResult
from portal.publishing.calendar import calendar
from portal.publishing.services import holds

LOOKBACK_DAYS = 400  # how far back "published late" looks
LIMIT = 5000


@dataclass(frozen=True)
class DueResult:
    result: InspectionResult
    completed_on: dt.date
    due: dt.date
    workdays_left: int  # negative: overdue by that many working days
    published_on: dt.date | None


@dataclass
class DeadlineReport:
    department_id: int
    today: dt.date
    due_soon: list[DueResult] = field(default_factory=list)
    overdue: list[DueResult] = field(default_factory=list)
    published_late: list[DueResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def classify(result: InspectionResult, completed_on: dt.date, due: dt.date, left: int,
             today: dt.date, soon: int) -> tuple[str, DueResult] | None:
    """Which list a result belongs on: "soon", "overdue", "late", or None (nothing to do)."""
    published = result.publication_state == PublicationState.PUBLISHED and result.published_at is not None
    published_on = result.published_at.astimezone(clock.CST).date() if published and result.published_at else None
    item = DueResult(result, completed_on, due, left, published_on)
    if published_on is not None:
        return ("late", item) if published_on > due else None
    if result.publication_state == PublicationState.WITHDRAWN:
        return None
    if today > due:
        return "overdue", item
    if left <= soon:
        return "soon", item
    return None


class _Clock:
    """Working-day arithmetic with memoised answers (many results share completion dates)."""

    def __init__(self, cal: WorkdayCalendar, today: dt.date, limit: int, warnings: list[str]) -> None:
        self.cal, self.today, self.limit, self.warnings = cal, today, limit, warnings
        self._due: dict[dt.date, dt.date] = {}
        self._left: dict[dt.date, int] = {}

    def _warn(self, found: tuple[str, ...]) -> None:
        self.warnings.extend(w for w in found if w not in self.warnings)

    def due(self, completed_on: dt.date) -> dt.date:
        if completed_on not in self._due:
            deadline = self.cal.add_workdays(completed_on, self.limit)
            self._warn(deadline.warnings)
            self._due[completed_on] = deadline.due
        return self._due[completed_on]

    def left(self, due: dt.date) -> int:
        if due not in self._left:
            count, warnings = self.cal.workdays_between(self.today, due)
            self._warn(warnings)
            self._left[due] = count
        return self._left[due]


async def report(actor: Actor, department_id: int) -> DeadlineReport:
    if not holds(actor, department_id):
        raise Forbidden("您没有查看该部门公示期限的权限。")
    settings = get_settings()
    today = clock.today()
    cal = await calendar()
    rows = await (InspectionResult.filter(
        department_id=department_id, task__completed_on__isnull=False,
        task__completed_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS))
        .select_related("task", "enterprise").order_by("task__completed_on", "id").limit(LIMIT))
    out = DeadlineReport(department_id, today)
    days = _Clock(cal, today, settings.result_publication_workdays, out.warnings)
    buckets = {"soon": out.due_soon, "overdue": out.overdue, "late": out.published_late}
    for row in rows:
        completed = row.task.completed_on  # type: ignore[union-attr]
        if completed is None:
            raise InvalidInput("任务缺少完成日期。")
        due = days.due(completed)
        found = classify(row, completed, due, days.left(due), today, settings.result_due_soon_workdays)
        if found is not None:
            buckets[found[0]].append(found[1])
    out.overdue.sort(key=lambda d: d.due)
    out.due_soon.sort(key=lambda d: d.due)
    return out
