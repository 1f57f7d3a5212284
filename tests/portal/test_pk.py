"""Record numbers beyond the 32-bit key range are "no such record", on every path that takes one."""

from __future__ import annotations

import httpx
import pytest

from portal.core.pk import MAX_PK, parse_pk
from portal.routing import PrimaryKeyConvertor
from schema.errors import UserError, parse_id
from tests import factories
from tests.gql import gql


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", 1), (" 42 ", 42), (str(MAX_PK), MAX_PK), (str(MAX_PK + 1), None), ("0", None),
    ("", None), (None, None), ("-3", None), ("1e3", None), ("１２", None), ("٣", None),
    ("9" * 21, None),
])
def test_parse_pk(raw: object, expected: int | None) -> None:
    assert parse_pk(raw) == expected


def test_the_url_convertor_turns_an_impossible_number_into_no_record() -> None:
    convertor = PrimaryKeyConvertor()
    assert convertor.convert("17") == 17
    assert convertor.convert(str(MAX_PK)) == MAX_PK
    assert convertor.convert(str(MAX_PK + 1)) == 0  # no record has key 0


def test_parse_id_treats_an_impossible_number_as_no_record() -> None:
    assert parse_id(str(MAX_PK)) == MAX_PK
    assert parse_id(str(MAX_PK + 1)) == 0  # no record has key 0: the resolver says "not found"
    for bad in ("abc", "１", "-1", "9" * 21):
        with pytest.raises(UserError) as caught:
            parse_id(bad)
        assert caught.value.extensions == {"code": "invalid_input", "field": "id"}


@pytest.mark.anyio
async def test_public_api_and_pages_answer_an_out_of_range_id_as_not_found(
    client: httpx.AsyncClient,
) -> None:
    await factories.regulation()
    body = await gql(client, '{ regulation(id: "2147483648") { title } }')
    assert body.get("errors") is None and body["data"]["regulation"] is None
    assert (await client.get("/regulations/2147483648")).status_code == 404
