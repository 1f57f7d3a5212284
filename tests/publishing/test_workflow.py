"""The publication state table, exhaustively: every state × action × role × author × major."""

from __future__ import annotations

import itertools

import pytest

from portal.core.policies import Permission
from portal.core.publication import PublicationState as S
from portal.publishing.workflow import Action, Refused, decide

ROLES = {
    "editor": frozenset({Permission.PUBLICATION_EDIT}),
    "reviewer": frozenset({Permission.PUBLICATION_REVIEW}),
    "legal": frozenset({Permission.LEGAL_REVIEW}),
    "nobody": frozenset(),
}
# Written out independently of portal.publishing.workflow.TABLE:
# (state, action) -> (role allowed, next state, next state when major, four eyes, needs reason)
EXPECTED = {
    (S.DRAFT, Action.SAVE): ("editor", S.DRAFT, S.DRAFT, False, False),
    (S.DRAFT, Action.SUBMIT): ("editor", S.IN_REVIEW, S.IN_REVIEW, False, False),
    (S.IN_REVIEW, Action.APPROVE): ("reviewer", S.APPROVED, S.LEGAL_REVIEW, True, False),
    (S.IN_REVIEW, Action.SEND_BACK): ("reviewer", S.DRAFT, S.DRAFT, True, True),
    (S.LEGAL_REVIEW, Action.LEGAL_APPROVE): ("legal", S.APPROVED, S.APPROVED, True, False),
    (S.LEGAL_REVIEW, Action.LEGAL_SEND_BACK): ("legal", S.DRAFT, S.DRAFT, True, True),
    (S.APPROVED, Action.PUBLISH): ("reviewer", S.PUBLISHED, S.PUBLISHED, False, False),
    (S.PUBLISHED, Action.WITHDRAW): ("reviewer", S.WITHDRAWN, S.WITHDRAWN, False, True),
    (S.PUBLISHED, Action.CORRECT): ("editor", S.DRAFT, S.DRAFT, False, True),
}
CASES = list(itertools.product(S, Action, ROLES, (False, True), (False, True), ("", "理由")))


@pytest.mark.parametrize(("state", "action", "role", "is_author", "major", "reason"), CASES)
def test_every_state_action_role(state: S, action: Action, role: str, is_author: bool,
                                 major: bool, reason: str) -> None:
    actor, author = "staff:1", ("staff:1" if is_author else "staff:2")
    expected = EXPECTED.get((state, action))
    allowed = (expected is not None and expected[0] == role
               and not (expected[3] and is_author) and not (expected[4] and not reason))
    if not allowed:
        with pytest.raises(Refused):
            decide(state, action, holds=ROLES[role], actor_id=actor, author_id=author,
                   major=major, reason=reason)
        return
    assert expected is not None
    step = decide(state, action, holds=ROLES[role], actor_id=actor, author_id=author,
                  major=major, reason=reason)
    assert step.to == (expected[2] if major else expected[1])


def test_four_eyes_message_is_clear() -> None:
    both = ROLES["editor"] | ROLES["reviewer"]
    with pytest.raises(Refused, match="双人复核"):
        decide(S.IN_REVIEW, Action.APPROVE, holds=both, actor_id="staff:7", author_id="staff:7")


def test_withdrawn_is_terminal() -> None:
    everything = frozenset(Permission)
    for action in Action:
        with pytest.raises(Refused):
            decide(S.WITHDRAWN, action, holds=everything, actor_id="a", author_id="b", reason="x")


def test_case_count_is_exhaustive() -> None:
    assert len(CASES) == len(S) * len(Action) * len(ROLES) * 8
