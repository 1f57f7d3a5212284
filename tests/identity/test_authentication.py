"""Logging in: passwords, TOTP (with replay refused), lockout, disabled accounts."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.identity import secrets
from portal.identity.authentication import (
    GENERIC,
    AccountLocked,
    LoginFailed,
    LoginPolicy,
    authenticate,
)
from portal.identity.models import StaffAccount
from tests.identity.helpers import PASSWORD, current_code, staff

pytestmark = pytest.mark.anyio

POLICY = LoginPolicy(max_failures=3, lockout=dt.timedelta(minutes=15), totp_required=("administrator",))
NOON = dt.datetime(2025, 6, 16, 12, 0, tzinfo=clock.CST)


async def test_the_right_password_logs_in_and_is_audited(db_clean: None) -> None:
    await staff("editor", (Role.EDITOR, None))
    login = await authenticate("Editor ", PASSWORD, "", POLICY)
    assert login.account.username == "editor" and login.amr == ("pwd",)
    entry = await AuditEntry.filter(action="staff.login").get()
    assert entry.actor == f"staff:{login.account.id}"


async def test_unknown_names_and_wrong_passwords_look_the_same(db_clean: None) -> None:
    await staff("editor", (Role.EDITOR, None))
    for username, password in [("nobody", PASSWORD), ("editor", "wrong-password")]:
        with pytest.raises(LoginFailed) as failure:
            await authenticate(username, password, "", POLICY)
        assert failure.value.message == GENERIC


async def test_repeated_failures_lock_the_account_even_against_the_right_password(db_clean: None) -> None:
    account = await staff("editor", (Role.EDITOR, None))
    for _ in range(POLICY.max_failures):
        with pytest.raises(LoginFailed):
            await authenticate("editor", "wrong-password", "", POLICY)
    with pytest.raises(AccountLocked):
        await authenticate("editor", PASSWORD, "", POLICY)
    locked = await StaffAccount.get(id=account.id)
    assert locked.locked_until is not None
    assert await AuditEntry.filter(action="staff.lock", subject_id=str(account.id)).count() == 1


async def test_the_lockout_expires(db_clean: None) -> None:
    await staff("editor", (Role.EDITOR, None))
    with clock.frozen(NOON):
        for _ in range(POLICY.max_failures):
            with pytest.raises(LoginFailed):
                await authenticate("editor", "wrong-password", "", POLICY)
    with clock.frozen(NOON + POLICY.lockout + dt.timedelta(seconds=1)):
        assert (await authenticate("editor", PASSWORD, "", POLICY)).account.username == "editor"


async def test_a_success_resets_the_failure_count(db_clean: None) -> None:
    await staff("editor", (Role.EDITOR, None))
    for _ in range(POLICY.max_failures - 1):
        with pytest.raises(LoginFailed):
            await authenticate("editor", "wrong-password", "", POLICY)
    await authenticate("editor", PASSWORD, "", POLICY)
    with pytest.raises(LoginFailed):
        await authenticate("editor", "wrong-password", "", POLICY)
    assert (await authenticate("editor", PASSWORD, "", POLICY)).account.failed_logins == 0


async def test_administrators_need_a_totp_code(db_clean: None) -> None:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    assert admin.totp_secret, "administrators get TOTP at creation"
    with pytest.raises(LoginFailed):
        await authenticate("admin", PASSWORD, "", POLICY)
    with pytest.raises(LoginFailed):
        await authenticate("admin", PASSWORD, "000000", POLICY)
    login = await authenticate("admin", PASSWORD, current_code(admin), POLICY)
    assert login.amr == ("pwd", "otp", "mfa")


async def test_a_totp_code_is_accepted_only_once(db_clean: None) -> None:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    with clock.frozen(NOON):
        code = current_code(admin)
        await authenticate("admin", PASSWORD, code, POLICY)
        with pytest.raises(LoginFailed):
            await authenticate("admin", PASSWORD, code, POLICY)  # replay in the same 30 s


async def test_an_older_code_is_refused_after_a_newer_one(db_clean: None) -> None:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    with clock.frozen(NOON):
        await authenticate("admin", PASSWORD, current_code(admin, +1), POLICY)  # clock drift
        with pytest.raises(LoginFailed):
            await authenticate("admin", PASSWORD, current_code(admin), POLICY)


async def test_codes_outside_the_window_are_refused(db_clean: None) -> None:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    assert admin.totp_secret
    with clock.frozen(NOON):
        assert secrets.matching_step(admin.totp_secret, current_code(admin, -2), clock.now()) is None
        assert secrets.matching_step(admin.totp_secret, "12 34", clock.now()) is None
        with pytest.raises(LoginFailed):
            await authenticate("admin", PASSWORD, current_code(admin, +2), POLICY)


async def test_an_administrator_without_totp_cannot_log_in(db_clean: None) -> None:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    await StaffAccount.filter(id=admin.id).update(totp_secret=None)
    with pytest.raises(LoginFailed, match="动态口令"):
        await authenticate("admin", PASSWORD, "", POLICY)


async def test_a_disabled_account_cannot_log_in(db_clean: None) -> None:
    account = await staff("editor", (Role.EDITOR, None))
    await StaffAccount.filter(id=account.id).update(is_active=False)
    with pytest.raises(LoginFailed, match="停用"):
        await authenticate("editor", PASSWORD, "", POLICY)
