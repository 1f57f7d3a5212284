"""The demo dataset: minimum sizes, valid codes, every kind in every state, determinism."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from portal.channels.models import ComplaintChannel
from portal.core import clock
from portal.core.ids import CodeStatus, check_uscc
from portal.core.publication import PublicationState
from portal.credit.models import ListEntry, ListKind, Penalty, Severity
from portal.credit.queries import public_list_entries, public_penalties
from portal.demo.dataset import DemoDataExists, build
from portal.enterprises.models import Enterprise, EnterpriseStatus
from portal.inspections.models import InspectionResult, ResultCode
from portal.reference.models import Department, Industry
from portal.regulations.models import Regulation
from portal.sampling.models import InspectionItem, SamplingPlan, SamplingTask
from tests.conftest import _empty_all_tables
from tests.gql import gql

pytestmark = pytest.mark.anyio
PUBLISHED = PublicationState.PUBLISHED
MINIMUMS = {"市场主体": 2000, "监管部门": 25, "行业分类": 60, "检查事项": 100, "抽查计划": 30,
            "抽查任务": 100, "检查结果": 1000, "行政处罚": 200, "名录记录": 200, "投诉举报渠道": 8,
            "规章与规范性文件": 3}


async def _fingerprint() -> list[tuple[str, str]]:
    return [(str(u), str(n)) for u, n in await Enterprise.all().order_by("id").values_list("uscc", "name")]


async def test_demo_dataset_contents(client: httpx.AsyncClient) -> None:
    counts = await build()
    for kind, minimum in MINIMUMS.items():
        assert counts[kind] >= minimum, kind
    assert counts["市场主体"] == await Enterprise.all().count()

    enterprises = await Enterprise.all()
    for ent in enterprises:
        expected = CodeStatus.PILOT if ent.uscc_is_pilot else CodeStatus.VALID
        assert check_uscc(ent.uscc).status is expected, ent.uscc
        assert ent.region_id and ent.region_id.isdigit() and ent.uscc[2:8] == ent.region_id
    assert 5 <= sum(e.uscc_is_pilot for e in enterprises) <= 15
    assert any(e.reg_no for e in enterprises)
    assert {e.status for e in enterprises} == set(EnterpriseStatus)
    assert not [e for e in enterprises if any(ch.isdigit() for ch in e.name)]  # no phones, codes

    assert {r.result_code for r in await InspectionResult.filter(publication_state=PUBLISHED)} == set(ResultCode)
    severities = Counter(await Penalty.all().values_list("severity", flat=True))
    assert all(severities[s] for s in Severity)
    assert not await Penalty.filter(severity=Severity.WARNING, displayed_until__not_isnull=True).exists()
    public = await public_penalties()
    assert {p.severity for p in public} == {Severity.GENERAL, Severity.SERIOUS}
    assert await Penalty.filter(displayed_until__lt=clock.today()).exists()  # some expired
    assert await Penalty.filter(publication_state=PublicationState.WITHDRAWN).exists()
    assert {e.kind for e in await public_list_entries()} == set(ListKind)
    assert await ListEntry.filter(removed_on__not_isnull=True, removal_reason__not_isnull=True).exists()
    assert not await ListEntry.filter(display_rule_id=None).exists()

    for model in (InspectionItem, SamplingPlan, SamplingTask, InspectionResult, Penalty, ListEntry,
                  ComplaintChannel, Regulation):
        states = set(await model.all().values_list("publication_state", flat=True))
        assert PUBLISHED in states and states - {PUBLISHED}, model.__name__
    assert await SamplingPlan.filter(participants__name="金华市商务局").exists()
    assert await Regulation.filter(doc_number="鄂州政办发〔2021〕9号", department__name="鄂州市人民政府办公室").exists()
    assert await Industry.filter(code="C1391", parent_id="C139").exists()
    county = await Department.get(name="金华市婺城区市场监督管理局").prefetch_related("parent")
    assert county.parent is not None and county.parent.name == "金华市市场监督管理局"

    body = await gql(client, "{ penalties { totalCount } listEntries { totalCount }"
                             " inspectionResults { totalCount } regulations { totalCount } }")
    assert "errors" not in body and all(v["totalCount"] > 0 for v in body["data"].values())
    with pytest.raises(DemoDataExists):
        await build()


async def test_demo_build_is_deterministic(db_clean: None) -> None:
    await build()
    first = await _fingerprint()
    numbers = await Penalty.all().order_by("id").values_list("decision_number", flat=True)
    await _empty_all_tables()
    await build()
    assert await _fingerprint() == first
    assert await Penalty.all().order_by("id").values_list("decision_number", flat=True) == numbers
