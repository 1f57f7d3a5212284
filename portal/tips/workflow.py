"""The track state table (pure): which action moves a track from which state to which.

登记 → 受理 / 不予受理 → 分办 → 调查 (report) or 调解 (complaint) → 处理 → 反馈 → 办结.
Transfer (转办) keeps the state and changes the department; extension applies to a report's
verification clock once; reopening brings a refused track back to 登记 and a closed one back to
分办. Each track of a submission runs through this table on its own.
"""

from __future__ import annotations

import enum

from portal.core.errors import InvalidInput
from portal.tips.catalogue import STATE_LABELS
from portal.tips.models import TipKind, TrackState

S = TrackState


class Action(enum.StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    ASSIGN = "assign"
    TRANSFER = "transfer"
    START = "start"
    EXTEND = "extend"
    HANDLE = "handle"
    FEEDBACK = "feedback"
    CLOSE = "close"
    REOPEN = "reopen"


ACTION_LABELS = {
    Action.ACCEPT: "受理", Action.REFUSE: "不予受理", Action.ASSIGN: "分办", Action.TRANSFER: "转办",
    Action.START: "开始调查/调解", Action.EXTEND: "延长核查期限", Action.HANDLE: "处理",
    Action.FEEDBACK: "反馈", Action.CLOSE: "办结", Action.REOPEN: "重新办理",
}

_IN_PROGRESS = (S.ASSIGNED, S.INVESTIGATING, S.MEDIATING)

# action -> {from state: to state}; kind-specific entries are resolved in next_state.
TABLE: dict[Action, dict[TrackState, TrackState]] = {
    Action.ACCEPT: {S.REGISTERED: S.ACCEPTED},
    Action.REFUSE: {S.REGISTERED: S.REFUSED},
    Action.ASSIGN: {S.ACCEPTED: S.ASSIGNED},
    Action.TRANSFER: {s: s for s in _IN_PROGRESS},
    Action.START: {S.ASSIGNED: S.INVESTIGATING},  # MEDIATING for complaints
    Action.EXTEND: {S.ACCEPTED: S.ACCEPTED, S.ASSIGNED: S.ASSIGNED,
                    S.INVESTIGATING: S.INVESTIGATING},  # reports only
    Action.HANDLE: {S.INVESTIGATING: S.HANDLED, S.MEDIATING: S.HANDLED},
    Action.FEEDBACK: {S.HANDLED: S.FEEDBACK},
    Action.CLOSE: {S.FEEDBACK: S.CLOSED},
    Action.REOPEN: {S.REFUSED: S.REGISTERED, S.CLOSED: S.ASSIGNED},
}


def next_state(kind: TipKind, state: TrackState, action: Action) -> TrackState:
    """The state after ``action``, or :class:`InvalidInput` when it is not allowed now."""
    if action == Action.EXTEND and kind != TipKind.REPORT:
        raise InvalidInput("只有举报的核查期限可以延长。", field="action")
    if action == Action.HANDLE and state == (S.MEDIATING if kind == TipKind.REPORT else S.INVESTIGATING):
        state_ok = False
    else:
        state_ok = state in TABLE[action]
    if not state_ok:
        raise InvalidInput(
            f"当前状态为“{STATE_LABELS[state]}”，不能执行“{ACTION_LABELS[action]}”。", field="action")
    if action == Action.START and kind == TipKind.COMPLAINT:
        return S.MEDIATING
    return TABLE[action][state]


def allowed_actions(kind: TipKind, state: TrackState) -> list[Action]:
    out = []
    for action in Action:
        try:
            next_state(kind, state, action)
        except InvalidInput:
            continue
        out.append(action)
    return out
