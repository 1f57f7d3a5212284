"""The state table, exhaustively: every kind × state × action."""

from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.tips.models import TipKind, TrackState
from portal.tips.workflow import Action, next_state

S, A = TrackState, Action
REPORT, COMPLAINT = TipKind.REPORT, TipKind.COMPLAINT
ALLOWED: dict[tuple[TipKind, TrackState, Action], TrackState] = {}
for kind in TipKind:
    ALLOWED.update({
        (kind, S.REGISTERED, A.ACCEPT): S.ACCEPTED,
        (kind, S.REGISTERED, A.REFUSE): S.REFUSED,
        (kind, S.ACCEPTED, A.ASSIGN): S.ASSIGNED,
        (kind, S.ASSIGNED, A.TRANSFER): S.ASSIGNED,
        (kind, S.ASSIGNED, A.START): S.INVESTIGATING if kind == REPORT else S.MEDIATING,
        (kind, S.HANDLED, A.FEEDBACK): S.FEEDBACK,
        (kind, S.FEEDBACK, A.CLOSE): S.CLOSED,
        (kind, S.REFUSED, A.REOPEN): S.REGISTERED,
        (kind, S.CLOSED, A.REOPEN): S.ASSIGNED,
    })
ALLOWED.update({
    (REPORT, S.INVESTIGATING, A.TRANSFER): S.INVESTIGATING,
    (REPORT, S.INVESTIGATING, A.HANDLE): S.HANDLED,
    (REPORT, S.ACCEPTED, A.EXTEND): S.ACCEPTED,
    (REPORT, S.ASSIGNED, A.EXTEND): S.ASSIGNED,
    (REPORT, S.INVESTIGATING, A.EXTEND): S.INVESTIGATING,
    (COMPLAINT, S.MEDIATING, A.TRANSFER): S.MEDIATING,
    (COMPLAINT, S.MEDIATING, A.HANDLE): S.HANDLED,
    # a report never mediates, a complaint is never investigated: those states are unreachable,
    # but the table still answers for them
    (REPORT, S.MEDIATING, A.TRANSFER): S.MEDIATING,
    (COMPLAINT, S.INVESTIGATING, A.TRANSFER): S.INVESTIGATING,
})


@pytest.mark.parametrize("kind", list(TipKind))
@pytest.mark.parametrize("state", list(TrackState))
@pytest.mark.parametrize("action", list(Action))
def test_every_transition(kind: TipKind, state: TrackState, action: Action) -> None:
    expected = ALLOWED.get((kind, state, action))
    if expected is None:
        with pytest.raises(InvalidInput):
            next_state(kind, state, action)
    else:
        assert next_state(kind, state, action) == expected


def test_refusal_message_names_the_state_and_action() -> None:
    with pytest.raises(InvalidInput, match="当前状态为“办结”，不能执行“受理”"):
        next_state(REPORT, S.CLOSED, A.ACCEPT)
