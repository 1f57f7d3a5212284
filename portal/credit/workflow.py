"""The credit repair state table (DESIGN §4): 申请 → 受理 / 退回补正 → 审核 → 准予 / 不予.

Pure data and one guard; services apply it. Who may take each step is in :data:`BY`:
``staff`` needs ``credit.handle`` in the record's department, ``enterprise`` is the record's
own enterprise. Steps in :data:`NEEDS_REASON` must say why (shown to the enterprise).
"""

from __future__ import annotations

from portal.core.errors import InvalidInput
from portal.credit.repair_models import RepairState as S

TRANSITIONS: dict[str, tuple[frozenset[S], S]] = {
    "accept": (frozenset({S.SUBMITTED}), S.ACCEPTED),  # 受理
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),  # 退回补正
    "resubmit": (frozenset({S.RETURNED}), S.SUBMITTED),  # 补正后重新提交
    "review": (frozenset({S.ACCEPTED}), S.REVIEWED),  # 审核
    "approve": (frozenset({S.REVIEWED}), S.APPROVED),  # 准予：停止公示
    "refuse": (frozenset({S.ACCEPTED, S.REVIEWED}), S.REFUSED),  # 不予
}
BY: dict[str, str] = {"accept": "staff", "return": "staff", "resubmit": "enterprise",
                      "review": "staff", "approve": "staff", "refuse": "staff"}
NEEDS_REASON = frozenset({"return", "review", "approve", "refuse"})
OPEN_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.REVIEWED})
DECIDED_STATES = frozenset({S.APPROVED, S.REFUSED})
CLOCKED_STATES = frozenset({S.ACCEPTED, S.REVIEWED})  # a review or decision clock runs
ACTION_LABELS = {"accept": "受理", "return": "退回补正", "resubmit": "补正后重新提交",
                 "review": "审核", "approve": "准予修复", "refuse": "不予修复"}


def target(action: str, current: S) -> S:
    """The state ``action`` leads to from ``current``; a clear error if it is not allowed."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"未知的办理操作“{action}”。", field="action")
    sources, to = TRANSITIONS[action]
    if current not in sources:
        raise InvalidInput(f"当前状态下不能“{ACTION_LABELS[action]}”。", field="action")
    return to


def allowed_actions(current: S, by: str) -> list[str]:
    return [a for a, (sources, _) in TRANSITIONS.items() if current in sources and BY[a] == by]
