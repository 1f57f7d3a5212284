"""Whole public answers are reused until public content changes, and only public ones."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from tortoise.transactions import in_transaction

from portal.app import create_app
from portal.core import clock, outbox
from portal.response_cache import AnswerCache, ResponseCacheMiddleware
from tests import factories as f

pytestmark = pytest.mark.anyio
QUERY = {"query": "query R { regulations(first: 5) { nodes { title } } }"}


def _titles(response: httpx.Response) -> list[str]:
    return sorted(n["title"] for n in response.json()["data"]["regulations"]["nodes"])


@pytest.fixture
async def cache(db_clean: None) -> AnswerCache:
    answers = AnswerCache(ttl=30)
    answers.set_epoch((*await outbox.change_marks(), clock.today()))
    return answers


@pytest.fixture
async def web(cache: AnswerCache) -> AsyncIterator[httpx.AsyncClient]:
    app = ResponseCacheMiddleware(create_app(manage_db=False), cache)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_a_repeated_public_answer_comes_from_the_cache(
    web: httpx.AsyncClient, cache: AnswerCache
) -> None:
    regulation = await f.regulation("关于缓存测试的通知")
    first = await web.post("/graphql", json=QUERY)
    assert first.headers["cache-control"].startswith("public")
    page = await web.get("/regulations")
    assert page.status_code == 200 and "关于缓存测试的通知" in page.text
    await regulation.delete()  # behind the portal's back: no outbox event, so the cache holds
    again = await web.post("/graphql", json=QUERY)
    assert again.content == first.content and cache.hits == 1
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert (await web.get("/regulations")).text == page.text and cache.hits == 2


async def test_a_public_change_empties_the_cache(web: httpx.AsyncClient, cache: AnswerCache) -> None:
    await f.regulation("第一份")
    assert _titles(await web.post("/graphql", json=QUERY)) == ["第一份"]
    second = await f.regulation("第二份")
    async with in_transaction() as conn:
        await outbox.emit(conn, "regulation", second.id)  # what every service does
    cache.set_epoch((*await outbox.change_marks(), clock.today()))  # the lifespan's poller
    assert _titles(await web.post("/graphql", json=QUERY)) == ["第一份", "第二份"]
    assert cache.hits == 0


async def test_errors_cookies_and_other_answers_are_never_shared(
    web: httpx.AsyncClient, cache: AnswerCache
) -> None:
    bad = {"query": '{ enterprise(uscc: "123") { name } }'}
    for _ in range(2):
        assert "errors" in (await web.post("/graphql", json=bad)).json()
        assert (await web.get("/regulations/999999")).status_code == 404
        assert (await web.get("/enterprises?after=abc")).status_code == 400
    assert cache.hits == 0 and len(cache.entries) == 0
    await f.regulation("带会话的请求")
    await web.post("/graphql", json=QUERY)
    with_cookie = await web.post("/graphql", json=QUERY, headers={"cookie": "session=abc"})
    with_token = await web.post("/graphql", json=QUERY, headers={"authorization": "Bearer x"})
    assert with_cookie.status_code == with_token.status_code == 200
    assert cache.hits == 0  # neither was answered from the cache


async def test_without_an_epoch_nothing_is_cached(web: httpx.AsyncClient, cache: AnswerCache) -> None:
    cache.set_epoch(None)  # the poller could not read the outbox
    await web.post("/graphql", json=QUERY)
    await web.post("/graphql", json=QUERY)
    assert cache.hits == 0 and not cache.entries


def test_the_cache_is_bounded() -> None:
    from portal.response_cache import Entry

    cache = AnswerCache(ttl=30, max_entries=3, max_bytes=10)
    for i in range(5):
        cache.put(i, Entry({}, b"xxxx", 0.0 + 1e12))
    assert list(cache.entries) == [3, 4] and cache.size == 8
