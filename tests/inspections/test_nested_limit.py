"""An enterprise's page lists its newest NESTED_LIMIT results, however many it has."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.core import clock
from portal.core.publication import PublicationState
from portal.inspections.models import InspectionResult, ResultCode
from portal.inspections.queries import NESTED_LIMIT, public_results_for_enterprises
from tests import factories as f
from tests.gql import gql

pytestmark = pytest.mark.anyio


async def test_only_the_newest_results_are_loaded_and_shown(client: httpx.AsyncClient) -> None:
    ent, other = await f.enterprise(), await f.enterprise()
    dept = await f.department()
    first = dt.date(2020, 1, 1)
    published = clock.now() - dt.timedelta(days=1)
    await InspectionResult.bulk_create([
        InspectionResult(enterprise_id=e.id, department_id=dept.id, region_code="330782",
                         inspected_on=first + dt.timedelta(days=n), result_code=ResultCode.NO_PROBLEM,
                         publication_state=PublicationState.PUBLISHED, published_at=published)
        for e in (ent, other) for n in range(NESTED_LIMIT + 7)])
    one = await public_results_for_enterprises([ent.id])
    both = await public_results_for_enterprises([ent.id, other.id])
    newest = first + dt.timedelta(days=NESTED_LIMIT + 6)
    for rows in (one[0], both[0], both[1]):
        assert len(rows) == NESTED_LIMIT and rows[0].inspected_on == newest
        assert rows[-1].inspected_on == first + dt.timedelta(days=7)
    body = await gql(client, 'query($u: String!) { enterprise(uscc: $u) { inspectionResults { inspectedOn } } }',
                     {"u": ent.uscc})
    dates = [r["inspectedOn"] for r in body["data"]["enterprise"]["inspectionResults"]]
    assert len(dates) == NESTED_LIMIT and dates[0] == newest.isoformat()
