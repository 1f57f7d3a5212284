"""Search documents: built only from public rows, through the public selectors; no personal data."""

from __future__ import annotations

import pytest

from search import specs
from search.records import make_record
from tests import factories as f
from tests.search.conftest import Corpus, build_corpus

pytestmark = pytest.mark.anyio


async def _all_documents() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for kind in specs.KINDS:
        async for batch in specs.iterate_documents(kind, chunk=3):
            out.extend(batch)
    return out


async def test_only_public_rows_become_documents(db_clean: None, today: None) -> None:
    corpus: Corpus = await build_corpus()
    documents = await _all_documents()
    found = {(d["kind"], d["id"]) for d in documents}
    assert ("regulation", corpus.ids["regulation"]) in found
    assert ("regulation", corpus.ids["draft"]) not in found
    assert ("penalty", corpus.ids["penalty"]) in found
    assert ("penalty", corpus.ids["expired_penalty"]) not in found
    assert len(documents) == 13


async def test_no_address_or_personal_data_in_enterprise_documents(db_clean: None) -> None:
    sole_trader = await f.enterprise("义乌市张三日用品店", entity_type="个体工商户",
                                     address="浙江省义乌市稠城街道某小区5幢301室")
    [doc] = await specs.documents_for_ids("enterprise", [sole_trader.id])
    record = make_record(doc)
    assert "301室" not in record.body and "301" not in record.text_folded
    assert "address" not in doc


async def test_a_plan_lists_only_its_public_items(db_clean: None, today: None) -> None:
    plan = await f.plan("2025年度联合抽查计划")
    public_item = await f.item()
    hidden_item = await f.item(state=f.DRAFT)
    hidden_item.name = "尚未公开的检查事项"
    await hidden_item.save()
    await plan.items.add(public_item, hidden_item)
    await plan.participants.add(await f.department("金华市市场监督管理局", "330700"))
    [doc] = await specs.documents_for_ids("sampling_plan", [plan.id])
    assert public_item.name in doc["body"]
    assert "尚未公开" not in doc["body"]
    assert "参与部门：金华市市场监督管理局" in doc["body"]


async def test_unknown_outbox_kinds_map_or_are_ignored() -> None:
    assert specs.canonical_kind("Penalty") == "penalty"
    assert specs.canonical_kind("inspection-result") == "inspection_result"
    assert specs.canonical_kind("channel") == "complaint_channel"
    assert specs.canonical_kind("tip") is None  # tips are never indexed
