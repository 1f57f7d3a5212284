"""Mapping identity-provider claims and operator input to department-scoped roles."""

from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.core.policies import Assignment, Role
from portal.identity.principals import (
    account_id_of,
    assignments_from_claims,
    claims_for,
    parse_assignments,
    resolve_department,
)
from tests import factories

pytestmark = pytest.mark.anyio


async def test_role_entries_name_their_department_by_id_name_or_star(db_clean: None) -> None:
    yiwu = await factories.department("义乌市市场监督管理局")
    dongyang = await factories.department("东阳市市场监督管理局")
    held = await assignments_from_claims(
        ["editor@义乌市市场监督管理局", f"reviewer@{dongyang.id}", "administrator@*"], None
    )
    assert held == {Assignment(Role.EDITOR, yiwu.id), Assignment(Role.REVIEWER, dongyang.id),
                    Assignment(Role.ADMINISTRATOR, None)}


async def test_plain_roles_apply_in_the_departments_claim(db_clean: None) -> None:
    yiwu = await factories.department("义乌市市场监督管理局")
    held = await assignments_from_claims("editor reviewer", [str(yiwu.id), "不存在的局"])
    assert held == {Assignment(Role.EDITOR, yiwu.id), Assignment(Role.REVIEWER, yiwu.id)}


async def test_unknown_roles_and_departments_are_dropped_never_widened(db_clean: None) -> None:
    held = await assignments_from_claims(["superuser@*", "editor@不存在的局", "editor"], None)
    assert held == frozenset()
    assert await assignments_from_claims(None, None) == frozenset()
    assert await assignments_from_claims({"not": "a list"}, 42) == frozenset()


async def test_provider_group_names_are_translated_by_the_role_map(db_clean: None) -> None:
    held = await assignments_from_claims(["/portal/admins"], None,
                                         {"/portal/admins": "administrator@*"})
    assert held == {Assignment(Role.ADMINISTRATOR, None)}


async def test_claims_round_trip(db_clean: None) -> None:
    dept = await factories.department()
    mine = [Assignment(Role.EDITOR, dept.id), Assignment(Role.ADMINISTRATOR, None)]
    assert await assignments_from_claims(claims_for(mine), None) == frozenset(mine)


async def test_operator_input_is_strict(db_clean: None) -> None:
    dept = await factories.department("义乌市市场监督管理局")
    assert await parse_assignments(["editor@义乌市市场监督管理局", "administrator@*"]) == [
        Assignment(Role.EDITOR, dept.id), Assignment(Role.ADMINISTRATOR, None)]
    for bad, message in [("editor", "写明部门"), ("boss@*", "未知角色"), ("editor@无此局", "找不到部门")]:
        with pytest.raises(InvalidInput, match=message):
            await parse_assignments([bad])
    assert await resolve_department(str(dept.id)) == dept.id
    assert await resolve_department("*") is None


def test_actor_ids() -> None:
    assert account_id_of("staff:12") == 12
    assert account_id_of("client:12") is None and account_id_of("staff:x") is None
