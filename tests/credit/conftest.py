"""Credit self-service fixtures: cheap password hashing and the limit rules seeded."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from portal.identity import secrets
from tests.identity.helpers import use_cheap_hashing


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    use_cheap_hashing()
    yield
    secrets.use_hasher(None)


@pytest.fixture
async def credit_db(db_clean: None) -> AsyncIterator[None]:
    from portal.credit.clocks import seed_default_limits

    await seed_default_limits()
    yield
