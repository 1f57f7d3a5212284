"""Read selectors for staff, clients and the audit log, scoped by the actor's departments.

Each selector checks its permission (portal.core.policies) and narrows rows to the
departments where the actor holds it; rows of no department need an every-department grant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from portal.core import clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.grouping import group_by
from portal.core.models import AuditEntry
from portal.core.policies import Assignment, Permission, Scope, require_any
from portal.identity.models import OAuthClient, StaffAccount, StaffRole

STAFF_ORDER = ["username", "id"]
CLIENT_ORDER = ["client_id", "id"]
AUDIT_ORDER = ["-seq"]


def _staff_q(scope: Scope) -> Q:
    if scope.everywhere:
        return Q()
    holders = StaffRole.filter(department_id__in=list(scope.department_ids)).values("staff_id")
    return Q(id__in=Subquery(holders))


def staff_accounts(actor: Actor, *, search: str | None = None, active: bool | None = None
                   ) -> QuerySet[StaffAccount]:
    """Accounts holding a role in one of the actor's ``staff.view`` departments."""
    scope = require_any(actor, Permission.STAFF_VIEW)
    qs = StaffAccount.filter(_staff_q(scope))
    if search:
        qs = qs.filter(Q(username__icontains=search.strip()) | Q(display_name__icontains=search.strip()))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


async def staff_account(actor: Actor, staff_id: int) -> StaffAccount:
    found = await staff_accounts(actor).filter(id=staff_id).first()
    if found is None:
        raise NotFound("找不到该工作人员账号，或您无权查看。")
    return found


async def assignments_for_staff(ids: Sequence[int]) -> list[list[Assignment]]:
    rows = await StaffRole.filter(staff_id__in=list(set(ids))).order_by("role", "department_id")
    groups = group_by(rows, lambda r: r.staff_id, ids)  # type: ignore[attr-defined]
    return [[Assignment(r.role, r.department_id) for r in g] for g in groups]  # type: ignore[attr-defined]


def oauth_clients(actor: Actor) -> QuerySet[OAuthClient]:
    scope = require_any(actor, Permission.CLIENT_MANAGE)
    if scope.everywhere:
        return OAuthClient.all()
    return OAuthClient.filter(department_id__in=list(scope.department_ids))


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None  # exact actor id, e.g. "staff:3", "client:dept-x", "system"
    action: str | None = None  # exact ("staff.disable") or a prefix ending in "." ("staff.")
    subject_kind: str | None = None
    subject_id: str | None = None
    date_from: dt.date | None = None  # CST calendar days, inclusive
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.CST).astimezone(dt.UTC)


def audit_entries(actor: Actor, f: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    """Entries made by actors of the departments where ``actor`` may view the log."""
    scope = require_any(actor, Permission.AUDIT_VIEW)
    f = f or AuditFilter()
    qs = AuditEntry.all()
    if not scope.everywhere:
        qs = qs.filter(actor_department_id__in=list(scope.department_ids))
    if f.actor:
        qs = qs.filter(actor=f.actor.strip())
    if f.action:
        action = f.action.strip()
        qs = qs.filter(action__startswith=action) if action.endswith(".") else qs.filter(action=action)
    if f.subject_kind:
        qs = qs.filter(subject_kind=f.subject_kind.strip())
    if f.subject_id:
        qs = qs.filter(subject_id=f.subject_id.strip())
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise InvalidInput("起始日期不能晚于结束日期。", field="dateFrom")
    if f.date_from:
        qs = qs.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return qs
