"""Statements (情况说明, the right of reply) beside a record.

- The record's enterprise submits one (:func:`submit_statement`, audit ``credit_statement.submit``);
  a new one replaces any still pending.
- Staff with ``credit.handle`` in the record's department moderate it (:func:`moderate_statement`,
  audit ``credit_statement.approve`` / ``credit_statement.reject``, with a reason). Approval
  emits an outbox ``upsert`` of the record (its public page and API field now show the text).
- The public sees only approved statements of public records: :func:`public_statements_for`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from portal.core import audit, clock, outbox
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.grouping import group_by
from portal.core.policies import Permission, require
from portal.credit import queues, records
from portal.credit.repair_models import Statement, StatementState
from portal.enterprise_accounts.principals import require_bound

MAX_CHARS = 1000


async def submit_statement(actor: Actor, kind: str, record_id: int, text: str) -> Statement:
    me = require_bound(actor)
    record = await records.load(kind, record_id, enterprise_id=me.enterprise_id)
    body = text.strip()
    if not body:
        raise InvalidInput("请填写情况说明。", field="text")
    if len(body) > MAX_CHARS:
        raise InvalidInput(f"情况说明不超过{MAX_CHARS}字。", field="text")
    async with in_transaction() as conn:
        await Statement.filter(record_kind=kind, record_id=record.id,
                               state=StatementState.PENDING).using_db(conn).delete()
        row = await Statement.create(
            record_kind=kind, record_id=record.id, enterprise_id=me.enterprise_id,
            department_id=record.department_id, submitted_by_id=me.account_id,
            submitted_at=clock.now(), text=body, using_db=conn)
        await audit.record(conn, me, "credit_statement.submit", "credit_statement", row.id,
                           after={"record": f"{kind}:{record.id}"})
    return row


async def moderate_statement(actor: Actor, statement_id: int, approve: bool, reason: str = ""
                             ) -> Statement:
    row = await Statement.get_or_none(id=statement_id)
    if row is None:
        raise NotFound("未找到该情况说明。")
    require(actor, Permission.CREDIT_HANDLE, row.department_id)  # type: ignore[attr-defined]
    if row.state != StatementState.PENDING:
        raise InvalidInput("该情况说明已审核。")
    text = reason.strip()[:1000]
    if not approve and not text:
        raise InvalidInput("请填写不予显示的理由（企业可见）。", field="reason")
    async with in_transaction() as conn:
        if approve:  # one public statement per record: the newest approved one
            await Statement.filter(record_kind=row.record_kind, record_id=row.record_id,
                                   state=StatementState.APPROVED).using_db(conn).update(
                state=StatementState.REJECTED, moderation_reason="已被新的情况说明替代")
        row.state = StatementState.APPROVED if approve else StatementState.REJECTED
        row.moderated_by, row.moderated_at, row.moderation_reason = actor.id, clock.now(), text
        await row.save(using_db=conn)
        await audit.record(conn, actor, f"credit_statement.{'approve' if approve else 'reject'}",
                           "credit_statement", row.id, after={"state": row.state.value}, reason=text)
        if approve:
            await outbox.emit(conn, row.record_kind, row.record_id)
    return row


def statement_queue(actor: Actor, f: queues.QueueFilter | None = None
                    ) -> queues.Listing[Statement]:
    """Staff with ``credit.handle``: statements of their departments, pending ones oldest first."""
    return queues.listing(actor, Statement, f or queues.QueueFilter(), open_states=[StatementState.PENDING],
                          decided_states=[StatementState.APPROVED, StatementState.REJECTED],
                          open_order=["submitted_at", "id"])


async def public_statements_for(kind: str, record_ids: Sequence[int]) -> list[Statement | None]:
    """Batch (DataLoader): the approved statement of each record, or None. Callers pass only
    ids of records they already read through the public selectors."""
    rows = await Statement.filter(record_kind=kind, record_id__in=list(set(record_ids)),
                                  state=StatementState.APPROVED).order_by("-moderated_at", "-id")
    grouped = group_by(rows, lambda r: r.record_id, record_ids)
    return [g[0] if g else None for g in grouped]
