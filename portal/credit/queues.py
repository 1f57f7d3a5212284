"""The credit officer's three queues (repairs, statements, objections): one filter, one scope rule.

Contract of every queue (docs/credit-repair.md, staff section):

- only staff holding ``credit.handle`` see it, and only rows of the departments where they hold
  it (:func:`portal.core.policies.scope_of`); an enterprise or an officer without the
  permission gets :class:`Forbidden`. A department filter outside that scope is refused
  (:class:`InvalidInput`), so a filter can never widen what an officer sees;
- filters: state (open / decided / all), department, record kind, and for repairs "due within
  N working days" or "overdue" on the running review/decision clock;
- a :class:`Listing` — queryset plus keyset order — paged by :func:`portal.core.paging.fetch_page`:
  open work oldest due first (repairs by ``next_due``, the others by submission), decided and
  all newest first, ``id`` last so the order is total. Enterprise and department come in the
  same statement, so a page costs the same number of statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from portal.core.actors import Actor
from portal.core.errors import InvalidInput
from portal.core.pk import parse_pk
from portal.core.policies import Forbidden, Permission, require_any
from portal.credit.repair_models import RECORD_KINDS
from portal.enterprise_accounts.principals import EnterpriseActor

M = TypeVar("M", bound=Model)

STATES = ("open", "decided", "all")
DUE_WITHIN_MAX = 60  # working days; a longer horizon is the whole open queue anyway
NEWEST_FIRST = ["-submitted_at", "-id"]


@dataclass(frozen=True)
class QueueFilter:
    state: str = "open"
    department_id: int | None = None
    record_kind: str = ""  # "" = both kinds
    overdue: bool = False  # repairs only
    due_within: int | None = None  # repairs only: due today … N working days from today

    @property
    def by_due(self) -> bool:
        return self.overdue or self.due_within is not None


@dataclass(frozen=True)
class Listing(Generic[M]):
    """A queue's rows (not yet ordered or limited) and the keyset order to page them in."""

    qs: QuerySet[M]
    order: list[str]


def parse_filter(params: Mapping[str, str]) -> QueueFilter:
    """The filter from a page's query string: ``state``, ``department``, ``kind``, ``due``
    (``overdue`` or a number of working days). Bad values are :class:`InvalidInput`."""
    department = params.get("department", "").strip()
    department_id = parse_pk(department) if department else None
    if department and department_id is None:
        raise InvalidInput("部门选择无效。", field="department")
    due = params.get("due", "").strip()
    within: int | None = None
    if due and due != "overdue":
        if not (due.isascii() and due.isdigit() and len(due) <= 3):
            raise InvalidInput("期限筛选应为“已逾期”或 0–60 个工作日内到期。", field="due")
        within = int(due)
    return QueueFilter(state=params.get("state", "").strip() or "open", department_id=department_id,
                       record_kind=params.get("kind", "").strip(), overdue=due == "overdue",
                       due_within=within)


def listing(actor: Actor, model: type[M], f: QueueFilter, *, open_states: Collection[Any],
            decided_states: Collection[Any], open_order: list[str], clocked: bool = False
            ) -> Listing[M]:
    """The scoped, filtered rows of one queue model (every queue row carries ``department``,
    ``enterprise``, ``record_kind``, ``state`` and ``submitted_at``). The due filters are the
    caller's to apply, and refused here for a queue without clocks (``clocked`` False)."""
    if isinstance(actor, EnterpriseActor):
        raise Forbidden("您没有查看此内容的权限。")
    scope = require_any(actor, Permission.CREDIT_HANDLE)
    if f.state not in STATES:
        raise InvalidInput("未知的状态筛选（可选：办理中、已办结、全部）。", field="state")
    if f.record_kind and f.record_kind not in RECORD_KINDS:
        raise InvalidInput("未知的记录类型（可选：行政处罚、名单）。", field="kind")
    if f.due_within is not None and not 0 <= f.due_within <= DUE_WITHIN_MAX:
        raise InvalidInput(f"到期筛选应为 0–{DUE_WITHIN_MAX} 个工作日。", field="due")
    if f.by_due and not clocked:
        raise InvalidInput("期限筛选只适用于信用修复申请。", field="due")
    if f.overdue and f.due_within is not None:
        raise InvalidInput("“已逾期”与“N 个工作日内到期”只能选一个。", field="due")
    q = Q() if scope.everywhere else Q(department_id__in=sorted(scope.department_ids))
    if f.department_id is not None:
        if not scope.covers(f.department_id):
            raise InvalidInput("该部门不在您的办理范围内。", field="department")
        q &= Q(department_id=f.department_id)
    if f.record_kind:
        q &= Q(record_kind=f.record_kind)
    if f.state != "all":
        q &= Q(state__in=list(open_states if f.state == "open" else decided_states))
    order = open_order if f.state == "open" else NEWEST_FIRST
    return Listing(model.filter(q).select_related("enterprise", "department"), order)
