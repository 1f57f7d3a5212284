"""The issue's acceptance searches on the demo dataset (`portal seed --demo`).

A word from a regulation, a company name in pinyin, a credit code, and a simplified word that
appears only in the traditional-character document each find the right item first.
"""

from __future__ import annotations

import httpx
import pytest

from portal.demo.dataset import build
from portal.enterprises.models import Enterprise
from portal.regulations.models import Regulation
from search import pinyin, service, text
from search.backend import SearchBackend
from search.reindex import reindex

pytestmark = pytest.mark.anyio


@pytest.fixture
async def demo(embedded: SearchBackend) -> SearchBackend:
    await build()
    await reindex(embedded)
    return embedded


async def test_a_word_from_a_regulation(demo: SearchBackend) -> None:
    top = (await service.search("事中事后监管")).hits[0]
    assert top.kind == "regulation" and "事中事后监管" in text.fold(top.title)
    top = (await service.search("信用修复")).hits[0]
    assert top.kind == "regulation" and "信用修复" in top.title


async def test_a_simplified_word_only_in_the_traditional_document(demo: SearchBackend) -> None:
    traditional = await Regulation.get(title__contains="應急管理廳")
    for word in ("煤矿", "应急管理厅"):
        outcome = await service.search(word)
        assert outcome.hits[0].id == str(traditional.id), word
        assert outcome.total == 1, word  # the word is nowhere else


async def test_a_company_name_in_pinyin(demo: SearchBackend) -> None:
    for enterprise in await Enterprise.all().order_by("id").limit(20):
        full, initials = pinyin.tokens(text.fold(enterprise.name)).head
        for query in (full, initials):
            top = (await service.search(query)).hits[0]
            assert (top.kind, top.id) == ("enterprise", str(enterprise.id)), query


async def test_a_credit_code_goes_to_its_enterprise(demo: SearchBackend,
                                                    client: httpx.AsyncClient) -> None:
    enterprise = await Enterprise.all().order_by("-id").first()
    assert enterprise is not None
    outcome = await service.search(enterprise.uscc)
    assert outcome.exact is not None and outcome.exact.id == str(enterprise.id)
    response = await client.get(f"/search?q={enterprise.uscc}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/enterprises/{enterprise.uscc}"
