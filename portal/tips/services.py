"""Staff commands on tip tracks: permission → change → audit entry, in one transaction.

Who may call: holders of ``tip.handle`` in the track's department (an unrouted track needs it in
every department); reopening needs ``tip.reopen``; publishing a consented complaint needs
``publication.review``; opening a submitter's identity needs ``tip.identity_grant`` (custodian
module). Audit actions are ``tip.<action>`` on subject ``tip_track`` (``tip.message`` on ``tip``).
Audit entries never hold tip content: states, dates, departments, ground/outcome codes and the
staff member's reason only. Tips are never indexed (published complaints are read live through
``queries.public_complaints``); publishing a complaint emits an ``enterprise`` outbox event only,
because the enterprise's public page changed (the indexer re-reads the enterprise, which holds no
tip content, and cached public answers are dropped).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from portal.config import get_settings
from portal.core import audit, clock, outbox
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Forbidden, Permission, require, require_any
from portal.reference.models import Department
from portal.tips import keys
from portal.tips.catalogue import OUTCOMES
from portal.tips.clocks import (
    CALENDAR,
    current_due,
    due_after,
    ensure_rules,
    grounds_for,
    working_days,
)
from portal.tips.models import Author, Tip, TipKind, TipMessage, TipTrack, TrackState
from portal.tips.rewards import Reward, calculate
from portal.tips.workflow import Action, next_state

Prepare = Callable[[TipTrack], Awaitable[dict[str, Any]]]


def _reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if len(text) < 2:
        raise InvalidInput(f"{what}须填写理由。", field="reason")
    if len(text) > 1000:
        raise InvalidInput("理由过长（最多1000字）。", field="reason")
    return text


def _snapshot(track: TipTrack) -> dict[str, Any]:
    return {"state": track.state.value, "department_id": track.department_id,
            "current_due": track.current_due, "outcome": track.outcome}


async def _transition(actor: Actor, track_id: int, action: Action, *, reason: str = "",
                      prepare: Prepare | None = None,
                      permission: Permission = Permission.TIP_HANDLE) -> TipTrack:
    await ensure_rules()
    track = await TipTrack.get_or_none(id=track_id)
    if track is None:
        raise NotFound("未找到该投诉举报事项。")
    require(actor, permission, track.department_id)
    next_state(track.kind, track.state, action)
    updates = await prepare(track) if prepare else {}
    async with in_transaction() as conn:
        track = await TipTrack.filter(id=track_id).using_db(conn).get()
        new = next_state(track.kind, track.state, action)  # re-checked inside the transaction
        before = _snapshot(track)
        for name, value in updates.items():
            setattr(track, name, value)
        track.state = new
        track.current_due = current_due(track)
        track.updated_at = clock.now()
        await track.save(using_db=conn)
        await audit.record(conn, actor, f"tip.{action.value}", "tip_track", track.id,
                           before=before, after=_snapshot(track), reason=reason)
    return track


async def accept(actor: Actor, track_id: int) -> TipTrack:
    """受理. A report's verification clock already runs from registration."""
    return await _transition(actor, track_id, Action.ACCEPT,
                             prepare=lambda t: _const({"accepted_on": clock.today()}))


async def refuse(actor: Actor, track_id: int, ground: str, reason: str = "") -> TipTrack:
    """不予受理 with a ground from the rule data (``tip_refusal_ground``)."""

    async def prepare(track: TipTrack) -> dict[str, Any]:
        codes = {g.code for g in await grounds_for(track.kind)}
        if ground not in codes:
            raise InvalidInput("请从不予受理情形清单中选择依据。", field="ground")
        return {"refusal_ground": ground, "closed_on": clock.today()}

    return await _transition(actor, track_id, Action.REFUSE, reason=reason.strip(), prepare=prepare)


async def _department(department_id: int) -> int:
    if not await Department.exists(id=department_id):
        raise InvalidInput("所选部门不存在。", field="department")
    return department_id


async def assign(actor: Actor, track_id: int, department_id: int) -> TipTrack:
    """分办 to a department (any department; the handler needs the right where it is now)."""
    dept = await _department(department_id)
    return await _transition(actor, track_id, Action.ASSIGN,
                             prepare=lambda t: _const({"department_id": dept}))


async def transfer(actor: Actor, track_id: int, department_id: int, reason: str) -> TipTrack:
    """转办 to another department, with a reason; state and clocks are kept."""
    text = _reason(reason, "转办")
    dept = await _department(department_id)

    async def prepare(track: TipTrack) -> dict[str, Any]:
        if dept == track.department_id:
            raise InvalidInput("转办的目标部门与当前部门相同。", field="department")
        return {"department_id": dept}

    return await _transition(actor, track_id, Action.TRANSFER, reason=text, prepare=prepare)


async def start(actor: Actor, track_id: int) -> TipTrack:
    """调查 (report) or 调解 (complaint: the mediation clock starts today)."""

    async def prepare(track: TipTrack) -> dict[str, Any]:
        if track.kind == TipKind.COMPLAINT:
            return {"handling_due": await due_after("mediation", clock.today())}
        return {}

    return await _transition(actor, track_id, Action.START, prepare=prepare)


async def extend(actor: Actor, track_id: int, reason: str) -> TipTrack:
    """Extend a report's verification once, by the ``verify_extension`` working days."""
    text = _reason(reason, "延长核查期限")

    async def prepare(track: TipTrack) -> dict[str, Any]:
        if track.extended or track.handling_due is None:
            raise InvalidInput("核查期限只能延长一次。", field="action")
        days = await working_days("verify_extension", track.registered_on)
        return {"handling_due": CALENDAR.add_workdays(track.handling_due, days).due,
                "extended": True}

    return await _transition(actor, track_id, Action.EXTEND, reason=text, prepare=prepare)


async def handle(actor: Actor, track_id: int, outcome: str, note: str = "") -> TipTrack:
    """处理: record the outcome (a code of ``OUTCOMES[kind]``)."""

    async def prepare(track: TipTrack) -> dict[str, Any]:
        if outcome not in OUTCOMES[track.kind]:
            raise InvalidInput("请选择处理结果。", field="outcome")
        return {"outcome": outcome}

    return await _transition(actor, track_id, Action.HANDLE, reason=note.strip(), prepare=prepare)


async def feedback(actor: Actor, track_id: int, text: str) -> TipTrack:
    """反馈: the reply to the submitter becomes a (sealed) message they see with the receipt."""
    body = _text(text, "反馈内容")
    track = await _transition(actor, track_id, Action.FEEDBACK)
    await _message(actor, track.tip_id, body, internal=False, track_id=track.id)  # type: ignore[attr-defined]
    return track


async def close(actor: Actor, track_id: int) -> TipTrack:
    """办结."""
    return await _transition(actor, track_id, Action.CLOSE,
                             prepare=lambda t: _const({"closed_on": clock.today()}))


async def reopen(actor: Actor, track_id: int, reason: str) -> TipTrack:
    """Reopen a refused (→ 登记, new acceptance clock) or closed (→ 分办) track.

    Needs ``tip.reopen`` (role tip_supervisor) in the track's department and a reason.
    """
    text = _reason(reason, "重新办理")

    async def prepare(track: TipTrack) -> dict[str, Any]:
        updates: dict[str, Any] = {"closed_on": None, "published_at": None}
        if track.state == TrackState.REFUSED:
            today = clock.today()
            updates.update(refusal_ground=None, registered_on=today,
                           accept_due=await due_after("accept", today))
        return updates

    return await _transition(actor, track_id, Action.REOPEN, reason=text, prepare=prepare,
                             permission=Permission.TIP_REOPEN)


def _text(value: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"请填写{label}。", field="body")
    most = get_settings().tips_max_text_chars
    if len(text) > most:
        raise InvalidInput(f"{label}过长（最多{most}字）。", field="body")
    return text


async def _const(values: dict[str, Any]) -> dict[str, Any]:
    return values


async def tracks_of(tip_id: int) -> list[TipTrack]:
    return await TipTrack.filter(tip_id=tip_id).order_by("id")


async def require_on_tip(actor: Actor, tip_id: int, permission: Permission) -> list[TipTrack]:
    """The actor must hold ``permission`` in the department of at least one of the tip's tracks."""
    tracks = await tracks_of(tip_id)
    if not tracks:
        raise NotFound("未找到该投诉举报事项。")
    errors: list[Forbidden] = []
    for track in tracks:
        try:
            require(actor, permission, track.department_id)
            return tracks
        except Forbidden as refused:  # try the next track
            errors.append(refused)
    raise errors[0]


async def _message(actor: Actor, tip_id: int, body: str, *, internal: bool,
                   track_id: int | None = None) -> TipMessage:
    async with in_transaction() as conn:
        message = await TipMessage.create(tip_id=tip_id, track_id=track_id, author=Author.STAFF,
                                          author_id=actor.id, body=b"", internal=internal,
                                          created_at=clock.now(), using_db=conn)
        message.body = keys.seal_text(body, f"tip_message:{message.id}:body")
        await message.save(update_fields=["body"], using_db=conn)
        await audit.record(conn, actor, "tip.message", "tip", tip_id,
                           after={"author": "staff", "internal": internal, "track_id": track_id})
    return message


async def post_message(actor: Actor, tip_id: int, body: str, *, internal: bool = False) -> TipMessage:
    """A question or reply to the submitter (or an internal note). Needs ``tip.handle``."""
    await require_on_tip(actor, tip_id, Permission.TIP_HANDLE)
    return await _message(actor, tip_id, _text(body, "留言内容"), internal=internal)


async def publish_complaint(actor: Actor, track_id: int) -> TipTrack:
    """Publish a closed, consented complaint as enterprise + category + outcome only.

    Needs ``publication.review`` in the track's department (the review). Audit
    ``tip.complaint_publish``; outbox ``enterprise`` upsert of the enterprise concerned.
    """
    track = await TipTrack.get_or_none(id=track_id).prefetch_related("tip")
    if track is None:
        raise NotFound("未找到该投诉举报事项。")
    require(actor, Permission.PUBLICATION_REVIEW, track.department_id)
    tip: Tip = track.tip
    if track.kind != TipKind.COMPLAINT or not tip.consent_publication:
        raise InvalidInput("只有投诉人同意公开的投诉才能公示。", field="track")
    if track.state != TrackState.CLOSED or not track.outcome or tip.enterprise_id is None:
        raise InvalidInput("只有已办结、有处理结果且关联到市场主体的投诉才能公示。", field="track")
    if track.published_at is not None:
        raise InvalidInput("该投诉已公示。", field="track")
    async with in_transaction() as conn:
        track.published_at = clock.now()
        await track.save(update_fields=["published_at"], using_db=conn)
        await audit.record(conn, actor, "tip.complaint_publish", "tip_track", track.id,
                           after={"enterprise_id": tip.enterprise_id, "category": tip.category,
                                  "outcome": track.outcome})
        await outbox.emit(conn, "enterprise", tip.enterprise_id)
    return track


async def reward(actor: Actor, grade: int, fines: Decimal, confiscations: Decimal) -> Reward:
    """The report-reward calculator (a staff aid, changes nothing). Needs ``tip.handle``."""
    require_any(actor, Permission.TIP_HANDLE)
    return calculate(grade, fines, confiscations)
