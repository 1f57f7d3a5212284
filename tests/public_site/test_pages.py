from __future__ import annotations

import httpx
import pytest

from public_site import pages
from public_site.operations import OperationError
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


async def test_fetch_turns_user_errors_into_bad_request() -> None:
    with pytest.raises(pages.BadRequest) as caught:
        await pages.fetch("EnterprisePage", {"uscc": "not-a-code"})
    assert caught.value.status_code == 400
    assert caught.value.messages and all(caught.value.messages)


async def test_unexpected_errors_are_a_500_page_without_details(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(name: str, variables: object = None) -> dict[str, object]:
        raise OperationError(["database exploded at line 42"], user_facing=False)

    monkeypatch.setattr(pages, "run", broken)
    response = await client.get("/regulations")
    assert response.status_code == 500
    page = parse(response)
    assert problems(page) == []
    assert "服务暂时不可用" in page.text and "exploded" not in response.text


async def test_user_errors_from_the_api_rerender_the_list_form(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pages.run

    async def refusing(name: str, variables: dict[str, object] | None = None) -> object:
        if name == "RegulationList":
            raise OperationError(["查询过于频繁"], user_facing=True)
        return await real(name, variables)

    monkeypatch.setattr(pages, "run", refusing)
    response = await client.get("/regulations?title=x")
    assert response.status_code == 400
    page = parse(response)
    assert "查询过于频繁" in page.text
    assert page.by_id("f-title").attrs["value"] == "x"  # type: ignore[union-attr]
