"""Lockout and rate limits on the built-in provider's login form."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from portal.config import Settings
from portal.core.models import AuditEntry
from portal.core.policies import Role
from tests.backoffice.browser import follow, make_client, submit
from tests.identity.helpers import PASSWORD, staff

pytestmark = pytest.mark.anyio


async def _login_page(client: httpx.AsyncClient) -> httpx.Response:
    return await follow(client, await client.get("/backoffice/"))


async def test_five_failures_lock_the_account(browser: httpx.AsyncClient) -> None:
    account = await staff("editor", (Role.EDITOR, None))
    page = await _login_page(browser)
    for _ in range(5):
        page = await submit(browser, page, {"username": "editor", "password": "wrong-password"})
        assert page.status_code == 401
    locked = await submit(browser, page, {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 401 and "锁定" in locked.text
    assert await AuditEntry.filter(action="staff.lock", subject_id=str(account.id)).exists()


@pytest.fixture
async def strict(db_clean: None, keys_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    from portal.app import create_app

    settings = Settings(base_url="http://127.0.0.1:8000", var_dir=keys_dir, login_rate_limit="3/minute",
                        login_max_failures=100)
    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client


async def test_too_many_attempts_are_rate_limited(strict: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    page = await _login_page(strict)
    statuses = []
    for _ in range(4):
        page = await submit(strict, page, {"username": "editor", "password": "wrong-password"})
        statuses.append(page.status_code)
    assert statuses == [401, 401, 401, 429]
    assert "尝试过于频繁" in page.text
    limited = await submit(strict, page, {"username": "editor", "password": PASSWORD})
    assert limited.status_code == 429, "even the right password waits"


async def test_the_limit_counts_per_address_and_per_account_name() -> None:
    from backoffice.ratelimit import LoginLimiter

    limiter = LoginLimiter("3/minute", "memory://")
    assert [await limiter.allow(f"10.0.0.{i}", "Editor ") for i in range(4)] == [True] * 3 + [False]
    assert [await limiter.allow("10.0.1.1", f"user{i}") for i in range(4)] == [True] * 3 + [False]
    assert await limiter.allow("10.0.2.2", "someone-else")
