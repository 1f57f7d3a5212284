"""The repair state table, exhaustively: every action from every state."""

from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.credit import workflow
from portal.credit.repair_models import RepairState as S

EXPECTED = {
    ("accept", S.SUBMITTED): S.ACCEPTED,
    ("return", S.SUBMITTED): S.RETURNED,
    ("resubmit", S.RETURNED): S.SUBMITTED,
    ("review", S.ACCEPTED): S.REVIEWED,
    ("approve", S.REVIEWED): S.APPROVED,
    ("refuse", S.ACCEPTED): S.REFUSED,
    ("refuse", S.REVIEWED): S.REFUSED,
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", [*workflow.TRANSITIONS, "publish"])
def test_every_action_from_every_state(action: str, state: S) -> None:
    if (action, state) in EXPECTED:
        assert workflow.target(action, state) == EXPECTED[(action, state)]
    else:
        with pytest.raises(InvalidInput):
            workflow.target(action, state)


def test_final_states_allow_nothing_and_the_enterprise_only_resubmits() -> None:
    for final in (S.APPROVED, S.REFUSED):
        assert workflow.allowed_actions(final, "staff") == []
        assert final not in workflow.OPEN_STATES
    assert workflow.allowed_actions(S.RETURNED, "enterprise") == ["resubmit"]
    assert workflow.allowed_actions(S.SUBMITTED, "staff") == ["accept", "return"]
    assert set(workflow.NEEDS_REASON) == {"return", "review", "approve", "refuse"}
