"""The publication workflow as a pure, guarded state table (DESIGN §3–4).

A *revision* of a record moves through these states::

    draft ──submit──> in_review ──approve──> approved ──publish──> published ──withdraw──> withdrawn
      ^                 │   └──approve (major decision)──> legal_review ──legal_approve──> approved
      └───send_back─────┘                                    │
      └──────────────────────legal_send_back─────────────────┘
    published ──correct──> draft (a correction revision; the published record stays public)

Who may do what is :data:`TABLE`: each (state, action) needs one permission. Guards on top:

- four eyes: whoever approves or sends back (review and legal review) is never the revision's
  author;
- ``approve`` goes to ``legal_review`` when the record is a major decision (serious penalty,
  licence revocation, serious-dishonesty listing), else straight to ``approved``;
- ``withdraw`` and ``correct`` need a reason, ``send_back`` needs comments.

:func:`decide` is pure (no I/O) so it is tested exhaustively: every state × action × role.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.core.errors import DomainError
from portal.core.policies import Permission
from portal.core.publication import PublicationState

S = PublicationState
P = Permission


class Action(enum.StrEnum):
    SAVE = "save"  # 保存草稿
    SUBMIT = "submit"  # 提交审核
    APPROVE = "approve"  # 审核通过
    SEND_BACK = "send_back"  # 退回修改
    LEGAL_APPROVE = "legal_approve"  # 法制审核通过
    LEGAL_SEND_BACK = "legal_send_back"  # 法制审核退回
    PUBLISH = "publish"  # 发布（立即或定时）
    WITHDRAW = "withdraw"  # 撤回
    CORRECT = "correct"  # 更正：为已发布记录开启更正稿


ACTION_LABELS: dict[Action, str] = {
    Action.SAVE: "保存草稿", Action.SUBMIT: "提交审核", Action.APPROVE: "审核通过",
    Action.SEND_BACK: "退回修改", Action.LEGAL_APPROVE: "法制审核通过",
    Action.LEGAL_SEND_BACK: "法制审核退回", Action.PUBLISH: "发布", Action.WITHDRAW: "撤回",
    Action.CORRECT: "更正",
}
STATE_LABELS: dict[PublicationState, str] = {
    S.DRAFT: "草稿", S.IN_REVIEW: "待审核", S.LEGAL_REVIEW: "待法制审核", S.APPROVED: "已审核待发布",
    S.PUBLISHED: "已发布", S.WITHDRAWN: "已撤回",
}


@dataclass(frozen=True)
class Rule:
    permission: Permission
    to: PublicationState
    four_eyes: bool = False  # the actor must not be the revision's author
    needs_reason: bool = False


# (state, action) -> rule. Anything not listed is refused.
TABLE: dict[tuple[PublicationState, Action], Rule] = {
    (S.DRAFT, Action.SAVE): Rule(P.PUBLICATION_EDIT, S.DRAFT),
    (S.DRAFT, Action.SUBMIT): Rule(P.PUBLICATION_EDIT, S.IN_REVIEW),
    (S.IN_REVIEW, Action.APPROVE): Rule(P.PUBLICATION_REVIEW, S.APPROVED, four_eyes=True),
    (S.IN_REVIEW, Action.SEND_BACK): Rule(P.PUBLICATION_REVIEW, S.DRAFT, four_eyes=True,
                                          needs_reason=True),
    (S.LEGAL_REVIEW, Action.LEGAL_APPROVE): Rule(P.LEGAL_REVIEW, S.APPROVED, four_eyes=True),
    (S.LEGAL_REVIEW, Action.LEGAL_SEND_BACK): Rule(P.LEGAL_REVIEW, S.DRAFT, four_eyes=True,
                                                   needs_reason=True),
    (S.APPROVED, Action.PUBLISH): Rule(P.PUBLICATION_REVIEW, S.PUBLISHED),
    (S.PUBLISHED, Action.WITHDRAW): Rule(P.PUBLICATION_REVIEW, S.WITHDRAWN, needs_reason=True),
    (S.PUBLISHED, Action.CORRECT): Rule(P.PUBLICATION_EDIT, S.DRAFT, needs_reason=True),
}


class Refused(DomainError):
    code = "workflow_refused"


@dataclass(frozen=True)
class Transition:
    state: PublicationState
    action: Action
    to: PublicationState
    permission: Permission


def allowed_actions(state: PublicationState) -> list[Action]:
    return [action for (s, action) in TABLE if s == state]


def decide(
    state: PublicationState, action: Action, *, holds: frozenset[Permission] | set[Permission],
    actor_id: str, author_id: str | None, major: bool = False, reason: str = "",
) -> Transition:
    """The transition for ``action`` from ``state``, or :class:`Refused` saying why.

    ``holds``: the permissions the actor has *for the record's department* (the caller works
    them out with portal.core.policies); ``author_id``: who wrote the revision; ``major``: the
    record is a major decision needing legal review.
    """
    rule = TABLE.get((state, action))
    if rule is None:
        raise Refused(f"“{STATE_LABELS[state]}”状态下不能执行“{ACTION_LABELS[action]}”。")
    if rule.permission not in holds:
        raise Refused(f"您没有“{ACTION_LABELS[action]}”的权限（需要本部门的相应角色）。")
    if rule.four_eyes and author_id is not None and actor_id == author_id:
        raise Refused("审核人不能是录入人本人（双人复核）：请由其他审核人员处理。")
    if rule.needs_reason and not reason.strip():
        raise Refused(f"“{ACTION_LABELS[action]}”须填写理由或意见。")
    to = rule.to
    if action is Action.APPROVE and major:
        to = S.LEGAL_REVIEW
    return Transition(state, action, to, rule.permission)
