"""Objections (异议): an enterprise disputes a record's content or display period.

- The record's enterprise files one (:func:`submit_objection`, audit ``credit_objection.submit``).
- Staff with ``credit.handle`` in the record's department decide with reasons
  (:func:`decide_objection`, audit ``credit_objection.uphold`` / ``credit_objection.reject``).
  An upheld objection records what the corrected record must say and opens a correction of the
  record in the staff publication workflow (:func:`send_correction_to_publication`), in the same
  transaction; publishing the correction writes its public notice (CORRECTED) and outbox event.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import SYSTEM, Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Permission, require
from portal.core.publication import PublicationState
from portal.credit import queues, records
from portal.credit.repair_models import Objection, ObjectionGround, ObjectionState
from portal.enterprise_accounts.principals import require_bound

MAX_CHARS = 2000
GROUND_LABELS = {ObjectionGround.CONTENT: "记载内容有误", ObjectionGround.PERIOD: "公示期限有误"}
STATE_LABELS = {ObjectionState.SUBMITTED: "待处理", ObjectionState.UPHELD: "异议成立",
                ObjectionState.REJECTED: "异议不成立"}


def parse_ground(value: str) -> ObjectionGround:
    try:
        return ObjectionGround(value)
    except ValueError:
        raise InvalidInput("异议类型应为 content（记载内容有误）或 period（公示期限有误）。",
                           field="ground") from None


async def submit_objection(actor: Actor, kind: str, record_id: int, ground: str, text: str
                           ) -> Objection:
    me = require_bound(actor)
    record = await records.load(kind, record_id, enterprise_id=me.enterprise_id)
    parsed = parse_ground(ground)
    body = text.strip()
    if not body or len(body) > MAX_CHARS:
        raise InvalidInput(f"请填写异议的事实和理由（不超过{MAX_CHARS}字）。", field="text")
    if await Objection.exists(record_kind=kind, record_id=record.id, state=ObjectionState.SUBMITTED):
        raise InvalidInput("该记录已有一份待处理的异议，请等待处理结果。", field="record")
    async with in_transaction() as conn:
        row = await Objection.create(
            record_kind=kind, record_id=record.id, enterprise_id=me.enterprise_id,
            department_id=record.department_id, submitted_by_id=me.account_id,
            submitted_at=clock.now(), ground=parsed, text=body, using_db=conn)
        await audit.record(conn, me, "credit_objection.submit", "credit_objection", row.id,
                           after={"record": f"{kind}:{record.id}", "ground": parsed.value})
    return row


async def send_correction_to_publication(
    conn: BaseDBAsyncClient, actor: Actor, objection: Objection, record: records.RecordRef
) -> None:
    """Open a correction of the published ``record`` in the publication workflow, inside the
    deciding transaction ``conn``.

    The correction draft lands in the owning department's publication queue with the objection's
    decision as its reason; an editor of that department writes the change (the objection's
    ``correction`` says what it must say), a reviewer other than the editor approves it, and
    publishing it leaves the public CORRECTED notice. The credit officer holds no
    ``publication.edit``, so the draft is opened by the system on the officer's decision (both
    audited in this transaction). A record not yet published is still in review: nothing to open.
    """
    from portal.publishing import services as publishing  # the workflow builds on credit models

    if record.row.publication_state != PublicationState.PUBLISHED:
        return
    reason = (f"异议（编号 {objection.id}）成立：{objection.decision_reason}"
              f"。应更正为：{objection.correction}")
    await publishing.transition(SYSTEM, record.kind, record.id, "correct", reason=reason, conn=conn)


async def decide_objection(actor: Actor, objection_id: int, uphold: bool, reason: str,
                           correction: str = "") -> Objection:
    row = await Objection.get_or_none(id=objection_id)
    if row is None:
        raise NotFound("未找到该异议。")
    require(actor, Permission.CREDIT_HANDLE, row.department_id)  # type: ignore[attr-defined]
    if row.state != ObjectionState.SUBMITTED:
        raise InvalidInput("该异议已处理。")
    why = reason.strip()[:2000]
    if not why:
        raise InvalidInput("请填写处理理由（企业可见）。", field="reason")
    change = correction.strip()[:2000]
    if uphold and not change:
        raise InvalidInput("异议成立时请写明应如何更正记录。", field="correction")
    record = await records.load(row.record_kind, row.record_id)
    async with in_transaction() as conn:
        row.state = ObjectionState.UPHELD if uphold else ObjectionState.REJECTED
        row.decided_by, row.decided_at = actor.id, clock.now()
        row.decision_reason, row.correction = why, change
        await row.save(using_db=conn)
        await audit.record(conn, actor, f"credit_objection.{'uphold' if uphold else 'reject'}",
                           "credit_objection", row.id, after={"state": row.state.value,
                                                              "correction": change}, reason=why)
        if uphold:
            await send_correction_to_publication(conn, actor, row, record)
    return row


def objection_queue(actor: Actor, f: queues.QueueFilter | None = None
                    ) -> queues.Listing[Objection]:
    """Staff with ``credit.handle``: objections of their departments, open ones oldest first."""
    return queues.listing(actor, Objection, f or queues.QueueFilter(),
                          open_states=[ObjectionState.SUBMITTED],
                          decided_states=[ObjectionState.UPHELD, ObjectionState.REJECTED],
                          open_order=["submitted_at", "id"])
