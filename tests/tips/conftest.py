"""Tip tests: cheap Argon2id receipts (same code path) and a fresh rate limiter per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from portal.config import Settings
from portal.identity import secrets
from portal.tips import abuse, keys
from portal.tips.receipts import ArgonCost
from tests.backoffice.browser import BASE, make_client
from tests.identity.helpers import use_cheap_hashing

CHEAP = ArgonCost(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_receipts() -> Iterator[None]:
    keys.use_receipt_cost(CHEAP)
    abuse.use_limiter(abuse.TipLimiter("1000/minute", "1000/minute", "memory://"))
    yield
    keys.use_receipt_cost(None)
    abuse.use_limiter(None)


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The embedded default (built-in provider) on the browser tests' base URL."""
    return Settings(base_url=BASE, var_dir=tmp_path_factory.mktemp("tip-identity"),
                    login_rate_limit="1000/minute")


@pytest.fixture
async def site(db_clean: None, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The whole app on a dotted host (cookie jars ignore "testserver" for path cookies)."""
    from portal.app import create_app

    use_cheap_hashing()
    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client
    secrets.use_hasher(None)
