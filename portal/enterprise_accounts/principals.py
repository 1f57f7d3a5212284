"""The actor of a logged-in enterprise user, and the one check every self-service uses."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError
from portal.enterprise_accounts.models import EnterpriseAccount


class NotBound(DomainError):
    code = "forbidden"


@dataclass(frozen=True)
class EnterpriseActor(Actor):
    """An enterprise user; ``enterprise_id`` is the only enterprise it may ever see or act for."""

    account_id: int = 0
    enterprise_id: int = 0
    is_admin: bool = False
    verified: bool = False


def actor_id(account_id: int) -> str:
    return f"enterprise-account:{account_id}"


def actor_for(account: EnterpriseAccount) -> EnterpriseActor:
    return EnterpriseActor(
        id=actor_id(account.id), kind=ActorKind.ENTERPRISE, display_name=account.display_name,
        account_id=account.id, enterprise_id=account.enterprise_id,  # type: ignore[attr-defined]
        is_admin=account.is_admin, verified=account.verified,
    )


async def load_actor(account_id: int) -> EnterpriseActor | None:
    """The current actor of an active account (re-read on every request), or None."""
    account = await EnterpriseAccount.get_or_none(id=account_id, is_active=True)
    return None if account is None else actor_for(account)


def require_bound(actor: Actor | None) -> EnterpriseActor:
    """The enterprise actor, verified; anything else is refused with a clear message."""
    if not isinstance(actor, EnterpriseActor) or actor.kind != ActorKind.ENTERPRISE:
        raise NotBound("请先以企业用户身份登录。")
    if not actor.verified:
        raise NotBound("您的账号与企业的绑定尚未核验：请等待登记机关核验，或输入登记机关发放的绑定码。")
    return actor


def require_admin(actor: Actor | None) -> EnterpriseActor:
    bound = require_bound(actor)
    if not bound.is_admin:
        raise NotBound("只有本企业的管理员可以管理企业用户。")
    return bound
