"""Tip tests: cheap Argon2id receipts (same code path) and a fresh rate limiter per test."""

from __future__ import annotations

from collections.abc import Iterator

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
