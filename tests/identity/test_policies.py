"""The policy table itself: roles, scopes, department scope (no database)."""

from __future__ import annotations

import pytest

from portal.core.actors import SYSTEM, Actor, ActorKind
from portal.core.errors import InvalidInput
from portal.core.policies import (
    API_SCOPES,
    ROLE_LABELS,
    ROLE_PERMISSIONS,
    Assignment,
    Forbidden,
    Permission,
    Role,
    allows,
    client_actor,
    parse_role,
    require,
    scope_of,
    staff_actor,
)

EDITOR_3 = Assignment(Role.EDITOR, 3)
ADMIN_ALL = Assignment(Role.ADMINISTRATOR, None)


def test_every_role_has_a_label_and_permissions() -> None:
    assert set(ROLE_LABELS) == set(Role) == set(ROLE_PERMISSIONS)
    assert all(ROLE_PERMISSIONS[r] for r in Role)


def test_every_permission_is_reachable_by_some_role() -> None:
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert granted == set(Permission)


def test_a_role_applies_only_in_its_department() -> None:
    actor = staff_actor("staff:1", "录入员", [EDITOR_3])
    assert allows(actor, Permission.PUBLICATION_EDIT, 3)
    assert not allows(actor, Permission.PUBLICATION_EDIT, 4)
    assert not allows(actor, Permission.PUBLICATION_EDIT, None)  # "every department" needs more
    assert not allows(actor, Permission.PUBLICATION_REVIEW, 3)


def test_an_every_department_role_covers_all_departments() -> None:
    actor = staff_actor("staff:1", "管理员", [ADMIN_ALL])
    assert scope_of(actor, Permission.STAFF_MANAGE).everywhere
    assert allows(actor, Permission.STAFF_MANAGE, 99) and allows(actor, Permission.STAFF_MANAGE, None)


def test_roles_in_different_departments_do_not_mix() -> None:
    actor = staff_actor("staff:1", "x", [EDITOR_3, Assignment(Role.REVIEWER, 4)])
    assert allows(actor, Permission.PUBLICATION_REVIEW, 4)
    assert not allows(actor, Permission.PUBLICATION_REVIEW, 3)
    assert not allows(actor, Permission.PUBLICATION_EDIT, 4)


def test_token_scopes_narrow_a_staff_members_roles() -> None:
    actor = staff_actor("staff:1", "管理员", [ADMIN_ALL], scopes=["audit:read"])
    assert allows(actor, Permission.AUDIT_VIEW, 5)
    assert not allows(actor, Permission.STAFF_MANAGE, 5)
    no_api = staff_actor("staff:1", "管理员", [ADMIN_ALL], scopes=["openid", "profile"])
    assert scope_of(no_api, Permission.AUDIT_VIEW).empty


def test_a_client_acts_in_its_department_within_its_scopes() -> None:
    client = client_actor("client:x", "部门系统", 7, ["audit:read", "openid"])
    assert client.kind == ActorKind.CLIENT
    assert allows(client, Permission.AUDIT_VIEW, 7)
    assert not allows(client, Permission.AUDIT_VIEW, 8)
    assert not allows(client, Permission.STAFF_VIEW, 7)
    assert client.roles == frozenset({"audit:read"})


def test_a_plain_actor_holds_its_roles_in_its_departments() -> None:
    plain = Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({"reviewer", "nonsense"}),
                  department_ids=frozenset({3}))
    assert allows(plain, Permission.PUBLICATION_REVIEW, 3)
    assert not allows(plain, Permission.PUBLICATION_REVIEW, 4)


def test_system_is_trusted_and_require_raises_forbidden() -> None:
    assert allows(SYSTEM, Permission.STAFF_MANAGE, None)
    with pytest.raises(Forbidden):
        require(staff_actor("staff:1", "x", [EDITOR_3]), Permission.STAFF_MANAGE, [3])


def test_api_scopes_name_only_known_permissions() -> None:
    assert all(perms <= set(Permission) for perms in API_SCOPES.values())


def test_parse_role_explains_the_choices() -> None:
    assert parse_role(" editor ") == Role.EDITOR
    with pytest.raises(InvalidInput, match="administrator"):
        parse_role("boss")
