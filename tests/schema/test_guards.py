"""The guards stay in force while parsing and validation are cached across requests."""

from __future__ import annotations

import httpx
import pytest
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from schema.guards import CACHE_SIZE

pytestmark = pytest.mark.anyio
DEEP = "{ departments { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }"


async def test_a_repeated_document_is_parsed_and_validated_once(client: httpx.AsyncClient) -> None:
    query = "query CacheProbe { departments { id name } }"
    parse, validate = _get_parse_cache(CACHE_SIZE), _get_validate_cache(CACHE_SIZE)
    for _ in range(3):
        body = (await client.post("/graphql", json={"query": query})).json()
        assert body == {"data": {"departments": []}}
    before_parse, before_validate = parse.cache_info(), validate.cache_info()
    await client.post("/graphql", json={"query": query})
    assert parse.cache_info().hits == before_parse.hits + 1
    assert validate.cache_info().hits == before_validate.hits + 1
    assert validate.cache_info().misses == before_validate.misses


async def test_limits_hold_on_every_repetition(client: httpx.AsyncClient) -> None:
    aliases = "{ " + " ".join(f"a{i}: departments {{ id }}" for i in range(30)) + " }"
    tokens = "{ " + " ".join(f"a{i}: __typename" for i in range(700)) + " }"
    for _ in range(2):
        deep = (await client.post("/graphql", json={"query": DEEP})).json()
        assert "exceeds maximum operation depth" in deep["errors"][0]["message"]
        many = (await client.post("/graphql", json={"query": aliases})).json()
        assert "aliases" in many["errors"][0]["message"]
        long = (await client.post("/graphql", json={"query": tokens})).json()
        assert "token" in long["errors"][0]["message"].lower()


async def test_a_content_length_that_is_no_number_is_not_a_crash(client: httpx.AsyncClient) -> None:
    """'²' is a digit to str.isdigit but not to int(); headers arrive as latin-1 text."""
    response = await client.post("/graphql", content=b'{"query": "{ __typename }"}',
                                 headers={"content-type": "application/json",
                                          "content-length": b"\xb2"})
    assert response.status_code < 500
