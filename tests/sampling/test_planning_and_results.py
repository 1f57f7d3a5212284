"""Plans, tasks, result entry and the staff lists: rules, permissions, query counts."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry, OutboxEvent
from portal.core.policies import Forbidden
from portal.core.redaction import MARKER
from portal.inspections.models import InspectionResult
from portal.publishing import queries
from portal.publishing import services as publishing
from portal.publishing.models import Revision, Version
from portal.publishing.workflow import Refused
from portal.sampling import drawing, planning, results, staff_queries
from portal.sampling.directory import CheckRecord, RiskGrade
from portal.sampling.models import SamplingPlan, SamplingTask
from portal.sampling.queries import public_plan, public_tasks_for_plans
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


async def test_a_plan_is_published_through_review_by_someone_other_than_its_author(
    db_clean: None,
) -> None:
    lead = await factories.department()
    author = factories.staff_as("editor", lead, 1, "reviewer")  # holds both roles
    reviewer = factories.staff_as("reviewer", lead, 2)
    plan = await planning.create_plan(author, planning.PlanInput(
        year=2026, name="计划", lead_department_id=lead.id,
        scope="食品经营者；联系人王小明，电话13912345678。"))
    task = await planning.create_task(author, plan.id, name="第一批", department_id=lead.id)
    [first] = await Revision.filter(kind="sampling_plan", object_id=plan.id)
    assert first.author == author.id and "13912345678" in first.data["scope"]
    assert "13912345678" not in plan.scope  # the row only ever holds the public text
    await publishing.transition(author, "sampling_plan", plan.id, "submit")
    with pytest.raises(Refused, match="双人复核"):
        await publishing.transition(author, "sampling_plan", plan.id, "approve")
    with pytest.raises(Refused):  # not approved yet
        await publishing.transition(reviewer, "sampling_plan", plan.id, "publish")
    await publishing.transition(reviewer, "sampling_plan", plan.id, "approve")
    await publishing.transition(reviewer, "sampling_plan", plan.id, "publish")

    public = await public_plan(plan.id)
    assert MARKER in public.scope and "13912345678" not in public.scope
    [version] = await Version.filter(kind="sampling_plan", object_id=plan.id)
    assert version.number == 1 and version.published_by == reviewer.id
    assert "13912345678" in version.data["scope"] and "13912345678" not in version.public["scope"]
    # the lead department's draft task went public with the plan, with its own version
    [shown] = await public_tasks_for_plans([plan.id])
    assert [t.id for t in shown] == [task.id]
    assert await Version.filter(kind="sampling_task", object_id=task.id).count() == 1
    entry = await AuditEntry.get(action="publication.publish", subject_kind="sampling_task")
    assert entry.subject_id == str(task.id) and entry.after["with"] == f"sampling_plan:{plan.id}"
    assert await OutboxEvent.filter(kind="sampling_plan", object_id=str(plan.id)).count() == 1


async def test_tasks_outside_the_plans_first_publication_take_their_own_workflow(
    db_clean: None,
) -> None:
    lead = await factories.department()
    health = await factories.department("义乌市卫生健康局")
    author, reviewer = factories.staff_as("editor", lead, 1), factories.staff_as("reviewer", lead, 2)
    partner = factories.staff_as("editor", health, 3)
    plan = await planning.create_plan(author, planning.PlanInput(
        year=2026, name="联合计划", lead_department_id=lead.id, participant_ids=[health.id]))
    theirs = await planning.create_task(partner, plan.id, name="卫健任务", department_id=health.id)
    in_review = await planning.create_task(author, plan.id, name="已送审任务", department_id=lead.id)
    await publishing.transition(author, "sampling_task", in_review.id, "submit")
    await publishing.transition(author, "sampling_plan", plan.id, "submit")
    await publishing.transition(reviewer, "sampling_plan", plan.id, "approve")
    assert (await queries.record(reviewer, "sampling_plan", plan.id)).companions == []
    await publishing.transition(reviewer, "sampling_plan", plan.id, "publish")
    assert (await SamplingTask.get(id=theirs.id)).publication_state == "draft"
    assert (await SamplingTask.get(id=in_review.id)).publication_state == "in_review"
    later = await planning.create_task(author, plan.id, name="后加任务", department_id=lead.id)
    await publishing.transition(author, "sampling_task", later.id, "submit")
    for action in ("approve", "publish"):
        await publishing.transition(reviewer, "sampling_task", later.id, action)
    assert (await SamplingTask.get(id=later.id)).publication_state == "published"


async def test_the_plans_reviewer_cannot_publish_their_own_draft_task_with_it(
    db_clean: None,
) -> None:
    lead = await factories.department()
    author = factories.staff_as("editor", lead, 1)
    reviewer = factories.staff_as("reviewer", lead, 2, "editor")
    plan = await planning.create_plan(author, planning.PlanInput(
        year=2026, name="计划", lead_department_id=lead.id))
    own = await planning.create_task(reviewer, plan.id, name="审核人录入的任务", department_id=lead.id)
    await publishing.transition(author, "sampling_plan", plan.id, "submit")
    await publishing.transition(reviewer, "sampling_plan", plan.id, "approve")
    assert [t.id for t in (await queries.record(reviewer, "sampling_plan", plan.id)).companions] == [own.id]
    with pytest.raises(Refused, match="审核人录入"):
        await publishing.transition(reviewer, "sampling_plan", plan.id, "publish")
    assert (await SamplingPlan.get(id=plan.id)).publication_state == "approved"
    assert not await Version.exists()  # nothing half-published
    await publishing.transition(reviewer, "sampling_task", own.id, "submit")  # its own review
    await publishing.transition(reviewer, "sampling_plan", plan.id, "publish")
    assert (await SamplingPlan.get(id=plan.id)).publication_state == "published"
    assert (await SamplingTask.get(id=own.id)).publication_state == "in_review"


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


async def test_a_result_is_a_workflow_draft_by_the_inspector_in_one_transaction(
    db_clean: None,
) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        task = await factories.drawable_task(targets=4)
        dept = task.department_id  # type: ignore[attr-defined]
        inspector = factories.staff_as("editor", dept, 7, "reviewer")
        await drawing.commit_draw(inspector, task.id)
        await drawing.run_draw(inspector, task.id)
        target = (await DrawnTarget.filter(task_id=task.id).order_by("id"))[0]
        check = await CheckRecord.get(task_id=task.id, enterprise_id=target.enterprise_id)  # type: ignore[attr-defined]
        with pytest.raises(InvalidInput, match="不能超过"):  # refused by save_draft: nothing stays
            await results.enter_result(inspector, target.id, result_code="corrected",
                                       inspected_on=dt.date(2025, 6, 2), details="长" * 20_001)
        assert not await InspectionResult.exists() and not await Revision.exists(kind="inspection_result")
        assert (await DrawnTarget.get(id=target.id)).result_id is None  # type: ignore[attr-defined]
        assert (await CheckRecord.get(id=check.id)).checked_on == check.checked_on
        assert not await AuditEntry.exists(action="sampling.result_enter")

        row = await results.enter_result(
            inspector, target.id, result_code="corrected", inspected_on=dt.date(2025, 6, 2),
            details="经营者负责人陈建国，电话13912345678，当场改正。")
    [revision] = await Revision.filter(kind="inspection_result", object_id=row.id)
    assert revision.author == inspector.id and revision.state == "draft"
    assert "13912345678" in revision.data["details"] and revision.masks["details"]
    assert "13912345678" not in row.details and row.task_id == task.id  # type: ignore[attr-defined]
    assert (await DrawnTarget.get(id=target.id)).result_id == row.id  # type: ignore[attr-defined]
    checked = await CheckRecord.get(id=check.id)
    assert checked.checked_on == dt.date(2025, 6, 2) and checked.problem_found
    assert [e.action for e in await AuditEntry.filter(subject_kind="inspection_result")] == [
        "publication.save", "sampling.result_enter"]
    await publishing.transition(inspector, "inspection_result", row.id, "submit")
    with pytest.raises(Refused, match="双人复核"):  # the inspector entered it
        await publishing.transition(inspector, "inspection_result", row.id, "approve")


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
