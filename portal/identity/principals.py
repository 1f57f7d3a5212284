"""Who is acting: actors for staff accounts, identity-provider claims and OAuth clients.

Role claims (built-in and external providers alike) are lists of entries:

- ``"editor"``: the role in every department listed in the departments claim;
- ``"editor@12"`` / ``"editor@义乌市市场监督管理局"``: the role in that department;
- ``"administrator@*"``: the role in every department.

Department names are resolved against the ``department`` table; unknown roles and departments
are dropped (never widened). ``role_map`` translates an identity provider's own group or role
names (e.g. ``{"/portal/editors": "editor"}``) before parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from portal.core.errors import InvalidInput
from portal.core.pk import parse_pk
from portal.core.policies import Assignment, PolicyActor, Role, client_actor, staff_actor
from portal.identity.models import OAuthClient, StaffAccount, StaffRole
from portal.reference.models import Department

ALL = "*"
_ROLES = frozenset(r.value for r in Role)


def staff_actor_id(account_id: int) -> str:
    return f"staff:{account_id}"


def account_id_of(actor_id: str) -> int | None:
    prefix, _, rest = actor_id.partition(":")
    return parse_pk(rest) if prefix == "staff" else None


def actor_for_account(
    account: StaffAccount, assignments: Iterable[Assignment], scopes: Iterable[str] | None = None
) -> PolicyActor:
    return staff_actor(staff_actor_id(account.id), account.display_name, assignments, scopes=scopes)


async def load_staff_actor(account_id: int, scopes: Iterable[str] | None = None) -> PolicyActor | None:
    """The current actor of an active account (roles read fresh), or None."""
    account = await StaffAccount.get_or_none(id=account_id, is_active=True)
    if account is None:
        return None
    rows = await StaffRole.filter(staff_id=account_id)
    held = [Assignment(r.role, r.department_id) for r in rows]  # type: ignore[attr-defined]
    return actor_for_account(account, held, scopes)


async def load_client_actor(client_id: str, scopes: Iterable[str]) -> PolicyActor | None:
    """A department system's actor: only scopes it is still registered for."""
    client = await OAuthClient.get_or_none(client_id=client_id, is_active=True)
    if client is None:
        return None
    allowed = set(client.scopes) & set(scopes)
    return client_actor(f"client:{client.client_id}", client.name,
                        client.department_id, allowed)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ClaimedIdentity:
    subject: str
    issuer: str
    display_name: str
    assignments: frozenset[Assignment]


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return value.replace(",", " ").split()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


async def _department_ids(keys: Iterable[str]) -> dict[str, int]:
    wanted = {k.strip() for k in keys if k.strip() and k.strip() != ALL}
    numeric = {n for k in wanted if (n := parse_pk(k)) is not None}
    names = {k for k in wanted if not k.isdigit()}
    found: dict[str, int] = {}
    for row in await Department.filter(id__in=list(numeric)):
        found[str(row.id)] = row.id
    for row in await Department.filter(name__in=list(names)):
        found[row.name] = row.id
    return found


async def assignments_from_claims(
    roles_claim: object, departments_claim: object, role_map: Mapping[str, str] | None = None
) -> frozenset[Assignment]:
    entries = [(role_map or {}).get(e, e) for e in _as_list(roles_claim)]
    default_departments = _as_list(departments_claim)
    parsed: list[tuple[str, list[str]]] = []
    for entry in entries:
        role, sep, place = entry.partition("@")
        parsed.append((role, [place] if sep else default_departments))
    ids = await _department_ids(d for _, places in parsed for d in places)
    out: set[Assignment] = set()
    for role_name, places in parsed:
        if role_name not in _ROLES:
            continue
        role = Role(role_name)
        for key in places:
            if key == ALL:
                out.add(Assignment(role, None))
            elif key.strip() in ids:
                out.add(Assignment(role, ids[key.strip()]))
    return frozenset(out)


async def parse_assignments(texts: Iterable[str]) -> list[Assignment]:
    """Parse ``role@department`` entries typed by an operator; unknown parts are errors."""
    texts = [t.strip() for t in texts if t.strip()]
    ids = await _department_ids(t.partition("@")[2] for t in texts)
    out: list[Assignment] = []
    for text in texts:
        role_name, sep, where = text.partition("@")
        if role_name not in _ROLES:
            known = "、".join(r.value for r in Role)
            raise InvalidInput(f"未知角色“{role_name}”，可选：{known}。", field="role")
        if not sep:
            raise InvalidInput(f"请为角色“{role_name}”写明部门，例如 {role_name}@12 或 {role_name}@*。", field="role")
        if where == ALL:
            out.append(Assignment(Role(role_name), None))
        elif where.strip() in ids:
            out.append(Assignment(Role(role_name), ids[where.strip()]))
        else:
            raise InvalidInput(f"找不到部门“{where}”（可填部门编号或全称，* 表示全部门）。", field="role")
    return out


def claims_for(assignments: Iterable[Assignment]) -> list[str]:
    """The role claim the built-in provider issues for these assignments."""
    return sorted(f"{a.role.value}@{a.department_id if a.department_id is not None else ALL}"
                  for a in assignments)


async def resolve_department(key: str | None) -> int | None:
    """A department by id or full name; None or "*" means none (every department)."""
    if key is None or key.strip() in ("", ALL):
        return None
    found = await _department_ids([key])
    if key.strip() not in found:
        raise InvalidInput(f"找不到部门“{key}”（可填部门编号或全称）。", field="department")
    return found[key.strip()]
