from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from portal.config import Settings
from portal.identity import secrets
from tests.backoffice.browser import BASE, make_client
from tests.identity.helpers import use_cheap_hashing


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    use_cheap_hashing()
    yield
    secrets.use_hasher(None)


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("identity-keys")


@pytest.fixture
def settings(keys_dir: Path) -> Settings:
    """The embedded default: the built-in provider is the issuer."""
    return Settings(base_url=BASE, var_dir=keys_dir, login_rate_limit="1000/minute")


@pytest.fixture
async def browser(db_clean: None, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    from portal.app import create_app

    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client


@pytest.fixture
async def second_browser(browser: httpx.AsyncClient, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Another person's browser on the same app and database (e.g. the reviewer's)."""
    from portal.app import create_app

    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client
