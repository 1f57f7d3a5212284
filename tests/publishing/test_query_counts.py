"""New list queries run a constant number of SQL statements whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.policies import Assignment, Role, staff_actor
from portal.publishing import services
from portal.sampling.models import Progress
from schema.identity.context import StaffContext
from schema.staff import staff_schema
from tests import factories as f
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio
QUEUE = "{ publicationQueue { id kind state fields { name value publicValue } masks { field text } } }"
DEADLINES = """query($d: ID!) { publicationDeadlines(departmentId: $d) {
  warnings overdue { resultId enterpriseName due workdaysLeft } dueSoon { resultId } publishedLate { resultId } } }"""


async def _run(actor: object, query: str, variables: dict[str, object] | None = None) -> int:
    with count_queries() as statements:
        result = await staff_schema().execute(query, variable_values=variables or {},
                                              context_value=StaffContext(actor=actor))  # type: ignore[arg-type]
    assert result.errors is None, result.errors
    return len(statements)


async def _drafts(n: int, dept_id: int) -> None:
    editor = f.staff_as("editor", dept_id, 1)
    task = await f.task(await f.plan())
    task.completed_on, task.progress = dt.date(2025, 4, 1), Progress.COMPLETED
    await task.save()
    for _ in range(n):
        ent = await f.enterprise()
        await services.save_draft(editor, "penalty", f.penalty_values(ent), department_id=dept_id)
        await services.save_draft(editor, "inspection_result", {
            "enterprise": ent.uscc, "task": str(task.id), "inspected_on": "2025-03-30",
            "result_code": "no_problem"}, department_id=dept_id)


async def test_queue_and_deadlines_query_counts_do_not_grow(db_clean: None) -> None:
    dept = await f.department()
    reviewer = staff_actor("staff:2", "审核", [Assignment(Role.REVIEWER, dept.id)])
    counts = []
    for n in (1, 6):
        await _drafts(n if not counts else n - 1, dept.id)
        with clock.frozen(dt.date(2025, 6, 16)):
            counts.append((await _run(reviewer, QUEUE), await _run(reviewer, DEADLINES, {"d": str(dept.id)})))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 2 and counts[0][1] <= 3
