"""Credit repair services: eligibility, application, the staff workflow, stopping display.

Who may call what (docs/credit-repair.md):

- the record's own enterprise (a verified :class:`EnterpriseActor`): :func:`check_eligibility`,
  :func:`apply` (audit ``credit_repair.submit``), :func:`resubmit` (``credit_repair.resubmit``),
  :func:`applications_of`, :func:`application_of`;
- staff with ``credit.handle`` in the record's department: :func:`handle` (audit
  ``credit_repair.<accept|return|review|approve|refuse>``), :func:`queue`.

Approval stops the record's public display in the same transaction: ``repaired_at`` is set (every
public selector in :mod:`portal.credit.queries` excludes repaired rows), an outbox ``upsert`` for
the record's index kind makes the indexer drop it, and a :class:`PublicNotice` (REPAIRED) says so.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from portal.core import audit, clock, notices, outbox
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.models import NoticeAction
from portal.core.policies import Permission, require
from portal.core.workdays import WorkdayCalendar
from portal.credit import attachments, clocks, eligibility, queues, records, workflow
from portal.credit.models import ListEntry, Penalty
from portal.credit.repair_models import (
    RepairApplication,
    RepairAttachment,
    RepairState,
    RepairStep,
)
from portal.enterprise_accounts.principals import EnterpriseActor, require_bound

COMMITMENT_MIN_CHARS = 20
COMMITMENT_TEMPLATE = (
    "本单位郑重承诺：所提交的信用修复申请材料真实、准确、完整；已履行行政处罚决定规定的义务，"
    "违法行为已整改到位；自觉接受监督管理，不再发生同类违法失信行为。如有违反，愿意承担相应法律责任。"
)


async def open_application(kind: str, record_id: int) -> RepairApplication | None:
    return await RepairApplication.filter(
        record_kind=kind, record_id=record_id, state__in=list(workflow.OPEN_STATES)).first()


async def check_eligibility(actor: Actor, kind: str, record_id: int) -> eligibility.Eligibility:
    """The record's enterprise only: may it apply today, and if not, why not."""
    me = require_bound(actor)
    record = await records.load(kind, record_id, enterprise_id=me.enterprise_id)
    return eligibility.check(record, clock.today(), await open_application(kind, record_id))


def _step(app: RepairApplication, frm: str, to: RepairState, actor: Actor, reason: str,
          conn: BaseDBAsyncClient) -> RepairStep:
    return RepairStep(application=app, from_state=frm, to_state=to.value, actor=actor.id,
                      at=clock.now(), reason=reason)


async def _store(conn: BaseDBAsyncClient, app: RepairApplication,
                 files: list[attachments.CheckedFile]) -> None:
    for f in files:
        await RepairAttachment.create(
            application=app, filename=f.filename, content_type=f.content_type, size=f.size,
            sha256=f.sha256, data=f.data, uploaded_at=clock.now(), using_db=conn)


def _commitment(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) < COMMITMENT_MIN_CHARS:
        raise InvalidInput(f"请填写并签署信用承诺书（不少于{COMMITMENT_MIN_CHARS}字）。", field="commitment")
    return cleaned[:5000]


async def apply(actor: Actor, kind: str, record_id: int, *, commitment: str, performance: str = "",
                uploads: list[attachments.Upload] | None = None) -> RepairApplication:
    """File an application; refused with the eligibility reasons if the record is not eligible."""
    me = require_bound(actor)
    record = await records.load(kind, record_id, enterprise_id=me.enterprise_id)
    verdict = eligibility.check(record, clock.today(), await open_application(kind, record_id))
    if not verdict.eligible:
        raise InvalidInput("；".join(r.message for r in verdict.reasons), field="record")
    text = _commitment(commitment)
    files = attachments.check(uploads or [])
    if verdict.requires_proof and not files:
        raise InvalidInput("请上传罚款缴纳凭证等履行完毕的证明材料。" + attachments.LIMITS_TEXT,
                           field="attachments")
    async with in_transaction() as conn:
        app = await RepairApplication.create(
            record_kind=kind, record_id=record.id, enterprise_id=me.enterprise_id,
            department_id=record.department_id, submitted_by_id=me.account_id,
            submitted_at=clock.now(), commitment=text, performance=performance.strip()[:5000],
            next_due=clock.today(), using_db=conn)
        await _step(app, "", RepairState.SUBMITTED, me, "", conn).save(using_db=conn)
        await _store(conn, app, files)
        await audit.record(conn, me, "credit_repair.submit", "credit_repair", app.id,
                           after={"record": f"{kind}:{record.id}", "files": len(files)})
    return app


async def resubmit(actor: Actor, application_id: int, *, performance: str = "",
                   uploads: list[attachments.Upload] | None = None) -> RepairApplication:
    """The enterprise, after 退回补正: add material and send it back for acceptance."""
    me = require_bound(actor)
    app = await application_of(me, application_id)
    to = workflow.target("resubmit", app.state)
    files = attachments.check(uploads or [])
    existing = await RepairAttachment.filter(application_id=app.id).count()
    if existing + len(files) > attachments.MAX_FILES:
        raise InvalidInput(f"附件过多：{attachments.LIMITS_TEXT}", field="attachments")
    async with in_transaction() as conn:
        before = app.state
        app.state, app.reason, app.next_due = to, "", clock.today()
        if performance.strip():
            app.performance = performance.strip()[:5000]
        await app.save(using_db=conn, update_fields=["state", "reason", "performance", "next_due"])
        await _step(app, before.value, to, me, "", conn).save(using_db=conn)
        await _store(conn, app, files)
        await audit.record(conn, me, "credit_repair.resubmit", "credit_repair", app.id,
                           before={"state": before.value}, after={"state": to.value})
    return app


async def _stop_display(conn: BaseDBAsyncClient, app: RepairApplication, reason: str) -> None:
    record = await records.load(app.record_kind, app.record_id)
    model: type[Penalty] | type[ListEntry] = type(record.row)
    await model.filter(id=record.id).using_db(conn).update(repaired_at=clock.now())
    await outbox.emit(conn, app.record_kind, record.id)
    enterprise = await app.enterprise
    await notices.record(
        conn, kind=app.record_kind, object_id=record.id, action=NoticeAction.REPAIRED,
        title=f"{enterprise.name} {record.title}",
        summary="经信用修复，该信息自即日起停止公示。", reason=reason,
        department_id=record.department_id, enterprise_id=record.enterprise_id)


async def handle(actor: Actor, application_id: int, action: str, *, reason: str = "",
                 calendar: WorkdayCalendar | None = None) -> RepairApplication:
    """Staff step: accept / return / review / approve / refuse, on the rule-table clocks."""
    app = await RepairApplication.get_or_none(id=application_id)
    if app is None:
        raise NotFound("未找到该信用修复申请。")
    require(actor, Permission.CREDIT_HANDLE, app.department_id)  # type: ignore[attr-defined]
    if workflow.BY.get(action) != "staff":
        raise InvalidInput(f"未知的办理操作“{action}”。", field="action")
    to = workflow.target(action, app.state)
    text = reason.strip()[:2000]
    if action in workflow.NEEDS_REASON and not text:
        raise InvalidInput(f"请填写{workflow.ACTION_LABELS[action]}的理由或意见（企业可见）。", field="reason")
    today = clock.today()
    changed = ["state", "reason"]
    if action == "return":  # waiting on the enterprise's correction from today
        app.next_due = today
        changed.append("next_due")
    elif action == "accept":
        deadline = await clocks.due(clocks.REVIEW, today, calendar)
        app.accepted_on, app.review_due, app.next_due = today, deadline.due, deadline.due
        app.clock_warnings = "；".join(deadline.warnings)
        changed += ["accepted_on", "review_due", "next_due", "clock_warnings"]
    elif action == "review":
        deadline = await clocks.due(clocks.DECISION, today, calendar)
        app.reviewed_on, app.decision_due, app.next_due = today, deadline.due, deadline.due
        app.clock_warnings = "；".join(deadline.warnings)
        changed += ["reviewed_on", "decision_due", "next_due", "clock_warnings"]
    elif action in ("approve", "refuse"):
        app.decided_at = clock.now()
        changed.append("decided_at")
    async with in_transaction() as conn:
        before = app.state
        app.state, app.reason = to, text
        await app.save(using_db=conn, update_fields=changed)
        await _step(app, before.value, to, actor, text, conn).save(using_db=conn)
        if action == "approve":
            await _stop_display(conn, app, text)
        await audit.record(conn, actor, f"credit_repair.{action}", "credit_repair", app.id,
                           before={"state": before.value}, after={"state": to.value}, reason=text)
    return app


async def applications_of(actor: Actor) -> list[RepairApplication]:
    """The enterprise's own applications, newest first (with their steps)."""
    me = require_bound(actor)
    return await RepairApplication.filter(enterprise_id=me.enterprise_id).prefetch_related("steps")


async def application_of(actor: Actor, application_id: int) -> RepairApplication:
    """One of the enterprise's own applications; another enterprise's is "not found"."""
    if isinstance(actor, EnterpriseActor):
        me = require_bound(actor)
        app = await RepairApplication.get_or_none(id=application_id, enterprise_id=me.enterprise_id)
    else:
        app = await RepairApplication.get_or_none(id=application_id)
        if app is not None:
            require(actor, Permission.CREDIT_HANDLE, app.department_id)  # type: ignore[attr-defined]
    if app is None:
        raise NotFound("未找到该信用修复申请。")
    return app


async def attachment_of(actor: Actor, application_id: int, attachment_id: int) -> RepairAttachment:
    """One proof file of an application: staff with ``credit.handle`` in its department, or the
    applying enterprise itself. Reading is not audited (no state changes)."""
    app = await application_of(actor, application_id)
    found = await RepairAttachment.get_or_none(id=attachment_id, application_id=app.id)
    if found is None:
        raise NotFound("未找到该附件。")
    return found


def queue(actor: Actor, f: queues.QueueFilter | None = None
          ) -> queues.Listing[RepairApplication]:
    """Staff: applications of the departments where the actor holds ``credit.handle``, open work
    by ``next_due`` (see :mod:`portal.credit.queues`); the due filters look at the running
    review/decision clock only."""
    f = f or queues.QueueFilter()
    found = queues.listing(actor, RepairApplication, f, open_states=workflow.OPEN_STATES,
                           decided_states=workflow.DECIDED_STATES, open_order=["next_due", "id"],
                           clocked=True)
    if not f.by_due:
        return found
    today = clock.today()
    due = Q(state__in=list(workflow.CLOCKED_STATES))
    if f.overdue:
        due &= Q(next_due__lt=today)
    else:
        horizon = WorkdayCalendar().add_workdays(today, f.due_within or 0).due
        due &= Q(next_due__gte=today, next_due__lte=horizon)
    return queues.Listing(found.qs.filter(due), found.order)
