"""Plans, tasks, result entry and the staff lists: rules, permissions, query counts."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import InvalidInput
from portal.core.policies import Forbidden
from portal.inspections.models import InspectionResult
from portal.sampling import drawing, planning, results, staff_queries
from portal.sampling.directory import RiskGrade
from portal.sampling.records import DrawnTarget, PlanSetting
from tests import factories
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio
ROOT = pathlib.Path(__file__).resolve().parents[2]


def editor(*depts: int, roles: tuple[str, ...] = ("editor",)) -> Actor:
    return Actor(id="staff:9", kind=ActorKind.STAFF, roles=frozenset(roles),
                 department_ids=frozenset(depts))


async def test_a_joint_plan_is_a_draft_with_its_settings_and_tasks_of_members_only(
    db_clean: None,
) -> None:
    lead = await factories.department()
    other = await factories.department("义乌市卫生健康局")
    stranger = await factories.department("东阳市市场监督管理局", "330783")
    actor = editor(lead.id, other.id)
    plan = await planning.create_plan(actor, planning.PlanInput(
        year=2026, name="2026年度联合抽查计划", lead_department_id=lead.id,
        participant_ids=[other.id], scope_tags="food 食品", ratios={RiskGrade.D: "25.5"}))
    assert plan.publication_state == "draft"
    setting = await PlanSetting.get(plan_id=plan.id)
    assert setting.scope_tags == "food,食品" and str(setting.ratio_d) == "25.50"
    task = await planning.create_task(actor, plan.id, name="联合任务", department_id=other.id)
    assert task.publication_state == "draft" and task.plan_id == plan.id  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="牵头部门或参与部门"):
        await planning.create_task(editor(stranger.id), plan.id, name="x",
                                   department_id=stranger.id)
    with pytest.raises(Forbidden):
        await planning.create_task(editor(lead.id), plan.id, name="x", department_id=other.id)


@pytest.mark.parametrize(("ratio", "message"), [("120", "0 到 100"), ("abc", "百分比"),
                                                ("5.555", "两位小数")])
async def test_bad_ratios_are_refused(db_clean: None, ratio: str, message: str) -> None:
    lead = await factories.department()
    with pytest.raises(InvalidInput, match=message):
        await planning.create_plan(editor(lead.id), planning.PlanInput(
            year=2026, name="计划", lead_department_id=lead.id, ratios={RiskGrade.A: ratio}))
    assert not await PlanSetting.exists()


async def test_the_31_march_warning(db_clean: None) -> None:
    plan = await factories.plan(state=factories.DRAFT, year=2025)
    assert planning.publication_warning(plan, dt.date(2025, 3, 31)) is None
    assert "3月31日" in (planning.publication_warning(plan, dt.date(2025, 4, 1)) or "")
    published = await factories.plan(year=2025)
    assert planning.publication_warning(published, dt.date(2025, 6, 1)) is None


async def test_publishing_needs_a_reviewer(db_clean: None) -> None:
    lead = await factories.department()
    plan = await planning.create_plan(editor(lead.id), planning.PlanInput(
        year=2026, name="计划", lead_department_id=lead.id))
    with pytest.raises(Forbidden):
        await planning.publish_plan(editor(lead.id), plan.id)
    done = await planning.publish_plan(editor(lead.id, roles=("reviewer",)), plan.id)
    assert done.publication_state == "published"


async def test_results_are_drafts_once_per_target_and_completion_needs_all(
    db_clean: None,
) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        task = await factories.drawable_task(targets=8)
        actor = editor(task.department_id)  # type: ignore[attr-defined]
        await drawing.commit_draw(actor, task.id)
        await drawing.run_draw(actor, task.id)
        targets = await DrawnTarget.filter(task_id=task.id)
        with pytest.raises(InvalidInput, match="未录入"):
            await results.complete_task(actor, task.id, dt.date(2025, 6, 16))
        with pytest.raises(InvalidInput, match="标准"):
            await results.enter_result(actor, targets[0].id, result_code="bad",
                                       inspected_on=dt.date(2025, 6, 1))
        with pytest.raises(Forbidden):
            await results.enter_result(editor(999), targets[0].id, result_code="no_problem",
                                       inspected_on=dt.date(2025, 6, 1))
        for t in targets:
            await results.enter_result(actor, t.id, result_code="corrected",
                                       inspected_on=dt.date(2025, 6, 1))
        with pytest.raises(InvalidInput, match="已录入"):
            await results.enter_result(actor, targets[0].id, result_code="no_problem",
                                       inspected_on=dt.date(2025, 6, 1))
        done = await results.complete_task(actor, task.id, dt.date(2025, 6, 10))
    assert done.completed_on == dt.date(2025, 6, 10) and done.progress == "completed"
    rows = await InspectionResult.filter(task_id=task.id)
    assert len(rows) == len(targets) and all(r.publication_state == "draft" for r in rows)


async def test_staff_lists_run_a_constant_number_of_queries(db_clean: None) -> None:
    dept = await factories.department()
    actor = editor(dept.id)
    counts = []
    for n in (2, 8):
        for _ in range(n):
            await factories.target(await factories.enterprise())
            await factories.inspector()
        with count_queries() as statements:
            rows = await staff_queries.targets(actor)
            await staff_queries.history([r.enterprise_id for r in rows])  # type: ignore[attr-defined]
            await staff_queries.inspectors(actor)
            await staff_queries.plans(actor)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_no_public_code_reads_the_target_directory() -> None:
    """Risk grades are never public: public channels, the public schema and search never
    import the directory models or mention the grade."""
    public = [*(ROOT / "public_site").rglob("*.py"), *(ROOT / "public_site").rglob("*.html"),
              *(ROOT / "public_site").rglob("*.graphql"), *(ROOT / "search").rglob("*.py"),
              ROOT / "schema" / "public.graphql",
              *[p for p in (ROOT / "schema").rglob("*.py") if "staff" not in p.name
                and "identity" not in p.parts]]
    for path in public:
        text = path.read_text(encoding="utf-8")
        for word in ("risk_grade", "riskGrade", "TargetProfile", "sampling.directory",
                     "labelled_frame", "InspectorConflict"):
            assert word not in text, f"{path}: {word}"
