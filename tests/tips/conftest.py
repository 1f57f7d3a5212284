"""Tip tests: cheap Argon2id receipts (same code path) and a fresh rate limiter per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from portal.tips import abuse, keys
from portal.tips.receipts import ArgonCost

CHEAP = ArgonCost(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_receipts() -> Iterator[None]:
    keys.use_receipt_cost(CHEAP)
    abuse.use_limiter(abuse.TipLimiter("1000/minute", "1000/minute", "memory://"))
    yield
    keys.use_receipt_cost(None)
    abuse.use_limiter(None)


@pytest.fixture
async def site(db_clean: None) -> AsyncIterator[httpx.AsyncClient]:
    """The whole app on a dotted host (cookie jars ignore "testserver" for path cookies)."""
    from portal.app import create_app
    from tests.backoffice.browser import make_client

    async with make_client(create_app(manage_db=False)) as client:
        yield client
