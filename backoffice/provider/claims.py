"""What the built-in provider says about a staff member (ID token and userinfo claims)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from portal.core.policies import Assignment
from portal.enterprise_accounts.models import EnterpriseAccount
from portal.enterprise_accounts.oidc import SUBJECT_PREFIX
from portal.identity.models import StaffAccount
from portal.identity.principals import claims_for, staff_actor_id


@dataclass(frozen=True)
class ProviderUser:
    account_id: int
    username: str
    display_name: str
    email: str
    assignments: tuple[Assignment, ...]
    auth_time: dt.datetime
    amr: tuple[str, ...]
    subject: str = ""  # set for enterprise users ("enterprise-account:<id>")

    @classmethod
    def of(cls, account: StaffAccount, assignments: list[Assignment], auth_time: dt.datetime,
           amr: tuple[str, ...]) -> ProviderUser:
        return cls(account.id, account.username, account.display_name, account.email,
                   tuple(assignments), auth_time, amr)

    @classmethod
    def for_enterprise(cls, account: EnterpriseAccount, auth_time: dt.datetime,
                       amr: tuple[str, ...]) -> ProviderUser:
        """An enterprise user (docs/credit-repair.md): no roles, a subject of its own kind."""
        return cls(account.id, account.username, account.display_name, "", (), auth_time, amr,
                   subject=f"{SUBJECT_PREFIX}{account.id}")

    def get_user_id(self) -> str:
        return self.subject or staff_actor_id(self.account_id)


def user_claims(user: ProviderUser, scope: str) -> dict[str, Any]:
    """Claims for ``scope``: ``profile`` (names), ``email``, ``portal`` (roles, departments)."""
    scopes = set(scope.split())
    claims: dict[str, Any] = {"sub": user.get_user_id()}
    if "profile" in scopes:
        claims["name"] = user.display_name
        claims["preferred_username"] = user.username
    if "email" in scopes and user.email:
        claims["email"] = user.email
    if "portal" in scopes:
        claims["portal_roles"] = claims_for(user.assignments)
        claims["portal_departments"] = sorted(
            {a.department_id for a in user.assignments if a.department_id is not None}
        )
    return claims
