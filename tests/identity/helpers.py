"""Shared helpers for identity and back-office tests: cheap hashing, readable staff."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from portal.core.actors import SYSTEM
from portal.core.policies import Assignment, Role
from portal.identity import secrets, services
from portal.identity.models import StaffAccount

PASSWORD = "correct-horse-battery"
# Argon2id with the smallest cost: the same code path, milliseconds instead of ~0.4 s.
CHEAP = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))


def use_cheap_hashing() -> None:
    secrets.use_hasher(CHEAP)


async def staff(username: str, *roles: tuple[Role, int | None], totp: bool | None = None,
                password: str = PASSWORD) -> StaffAccount:
    """A staff account, e.g. ``await staff("reviewer-a", (Role.REVIEWER, dept.id))``."""
    issued = await services.create_staff(
        SYSTEM, username=username, display_name=f"{username}（测试）",
        assignments=[Assignment(role, dept) for role, dept in roles],
        password=password, totp=totp,
    )
    return issued.account


def current_code(account: StaffAccount, offset: int = 0) -> str:
    from portal.core import clock

    assert account.totp_secret
    return secrets.totp_code(account.totp_secret, secrets.totp_step(clock.now()) + offset)
