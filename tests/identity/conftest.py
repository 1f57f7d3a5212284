from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.identity import secrets
from tests.identity.helpers import use_cheap_hashing


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    use_cheap_hashing()
    yield
    secrets.use_hasher(None)
