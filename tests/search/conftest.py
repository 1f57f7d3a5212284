"""Search fixtures: the configured backends, and a small fixed corpus.

``backend`` runs each test against the embedded index and against Meilisearch; the latter only
when ``MEILI_URL`` points at a server (no server can be installed on the build machine).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal.core import clock
from portal.core.publication import PublicationState
from portal.credit.models import ListKind, Severity
from portal.enterprises.models import Enterprise
from portal.inspections.models import ResultCode
from portal.regulations.models import Regulation
from search import runtime
from search.backend import SearchBackend
from search.reindex import reindex
from tests import factories as f

TODAY = dt.date(2025, 6, 16)
MEILI_URL = os.environ.get("MEILI_URL", "")
MEILI_SKIP = (
    "Meilisearch leg skipped: MEILI_URL is not set (no Meilisearch server on this machine); "
    "set MEILI_URL (and MEILI_KEY) to run the same contract against a server"
)


def make_backend(name: str, directory: Path) -> SearchBackend:
    if name == "embedded":
        from search.embedded import EmbeddedBackend

        return EmbeddedBackend(directory, writer_heap=20_000_000)
    from search.meili import MeiliBackend

    return MeiliBackend(MEILI_URL, os.environ.get("MEILI_KEY"), f"test_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def today() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


@pytest.fixture(params=["embedded", "meilisearch"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path, db_clean: None
                  ) -> AsyncIterator[SearchBackend]:
    if request.param == "meilisearch" and not MEILI_URL:
        pytest.skip(MEILI_SKIP)
    made = make_backend(request.param, tmp_path)
    await made.ensure_ready()
    runtime.install(made)
    try:
        yield made
    finally:
        runtime.uninstall(made)
        if request.param == "meilisearch":
            from search.meili import MeiliBackend

            assert isinstance(made, MeiliBackend)
            await made.client.delete_index_if_exists(made.index_uid)
        await made.close()


@pytest.fixture
async def embedded(tmp_path: Path, db_clean: None) -> AsyncIterator[SearchBackend]:
    made = make_backend("embedded", tmp_path)
    await made.ensure_ready()
    runtime.install(made)
    try:
        yield made
    finally:
        runtime.uninstall(made)
        await made.close()


@dataclass
class Corpus:
    hualian: Enterprise
    sinopec: Enterprise
    bakery: Enterprise
    ids: dict[str, int]


async def regulation(title: str, body: str, state: PublicationState = f.PUBLISHED) -> Regulation:
    reg = await f.regulation(title, state=state)
    reg.body = body
    await reg.save()
    return reg


async def build_corpus() -> Corpus:
    """A small fixed corpus: every kind, traditional and simplified text, unpublished rows."""
    await f.region("330782", "义乌市")
    await f.region("330702", "婺城区")
    yiwu = await f.department("义乌市市场监督管理局", "330782")
    wucheng = await f.department("婺城区市场监督管理局", "330702")
    hualian = await f.enterprise("义乌市华联商贸有限公司", business_scope="日用百货、针纺织品零售")
    sinopec = await f.enterprise("中国石化销售股份有限公司浙江金华石油分公司", "330702",
                                 business_scope="成品油零售")
    bakery = await f.enterprise("婺城区麦香烘焙<坊>", "330702", business_scope="糕点制售")
    await f.enterprise("浙江中通快递有限公司")
    ids: dict[str, int] = {}
    reg = await regulation("关于加强和规范事中事后监管的实施意见",
                           "各地要健全以信用为基础的新型监管机制，全面推行双随机、一公开监管。")
    ids["regulation"] = reg.id
    trad = await regulation("山西省應急管理廳關于貫徹落實監管意見的通知",
                            "各級應急管理部門要嚴格按照法律法規，加強煤礦安全監管執法。")
    ids["traditional"] = trad.id
    draft = await regulation("尚未发布的监管草案", "草案正文 事中事后监管", f.DRAFT)
    ids["draft"] = draft.id
    pen = await f.penalty(hualian, severity=Severity.GENERAL, dept=yiwu,
                          decided_on=dt.date(2025, 3, 1))
    pen.violation = "销售不合格的电热水壶"
    await pen.save()
    ids["penalty"] = pen.id
    old = await f.penalty(sinopec, severity=Severity.GENERAL, dept=wucheng,
                          decided_on=dt.date(2023, 1, 5))
    ids["expired_penalty"] = old.id  # general: shown for one year, over by 2025
    res = await f.result(hualian, code=ResultCode.CORRECTED, dept=yiwu, on=dt.date(2025, 5, 10),
                         details="价格标签不规范，已责令改正")
    ids["result"] = res.id
    res2 = await f.result(sinopec, code=ResultCode.NO_PROBLEM, dept=wucheng,
                          on=dt.date(2024, 9, 1), details="油品质量抽检合格")
    ids["result_2024"] = res2.id
    entry = await f.list_entry(bakery, kind=ListKind.ABNORMAL)
    ids["list_entry"] = entry.id
    item = await f.item("SCJG-0001")
    item.name = "食品销售者落实食品安全主体责任情况检查"
    await item.save()
    ids["item"] = item.id
    plan = await f.plan("2025年度婺城区双随机抽查计划")
    await plan.items.add(item)
    ids["plan"] = plan.id
    channel = await f.channel("12315 消费者投诉举报热线")
    ids["channel"] = channel.id
    return Corpus(hualian, sinopec, bakery, ids)


@pytest.fixture
async def corpus(backend: SearchBackend, today: None) -> Corpus:
    built = await build_corpus()
    await reindex(backend)
    return built
