"""The staff API for 双随机: expected failures are union members; permissions by scope."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.policies import Role
from portal.sampling.records import TaskDraw
from tests import factories
from tests.backoffice.test_staff_api import _gql, _token
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio

COMMIT = """mutation($t: ID!) { commitSamplingDraw(taskId: $t) {
  __typename ... on DrawRecordPayload { seedCommitment drawn seed frameSize }
  ... on MutationError { code message } } }"""
RUN = """mutation($t: ID!) { runSamplingDraw(taskId: $t) {
  __typename ... on DrawRecordPayload { drawn seed targets }
  ... on MutationError { code message } } }"""


async def test_draw_through_the_api_needs_the_draw_scope(
    browser: httpx.AsyncClient, settings: Settings,
) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        task = await factories.drawable_task()
    dept = await factories.department()
    account = await staff("editor-api", (Role.EDITOR, dept.id))
    weak = _token(settings, account, "publications:write")
    body = await _gql(browser, weak, COMMIT, {"t": str(task.id)})
    assert body["data"]["commitSamplingDraw"]["code"] == "forbidden"
    token = _token(settings, account, "publications:write sampling:draw")
    body = await _gql(browser, token, COMMIT, {"t": str(task.id)})
    out = body["data"]["commitSamplingDraw"]
    assert out["__typename"] == "DrawRecordPayload" and out["seed"] is None and out["frameSize"] == 40
    body = await _gql(browser, token, RUN, {"t": str(task.id)})
    out = body["data"]["runSamplingDraw"]
    assert out["drawn"] and out["targets"] == 11 and len(out["seed"]) == 64
    again = await _gql(browser, token, RUN, {"t": str(task.id)})
    assert again["data"]["runSamplingDraw"]["code"] == "invalid_input"
    bad = await _gql(browser, token, RUN, {"t": "abc"})
    assert bad["errors"][0]["extensions"]["code"] == "invalid_input"
    assert (await TaskDraw.get(task_id=task.id)).seed_hex == out["seed"]


async def test_directory_mutations_report_bad_input(
    browser: httpx.AsyncClient, settings: Settings,
) -> None:
    dept = await factories.department()
    account = await staff("editor-dir", (Role.EDITOR, dept.id))
    token = _token(settings, account, "publications:write")
    ent = await factories.enterprise()
    query = """mutation($u: String!, $d: ID!, $g: String!) { upsertSamplingTarget(uscc: $u,
      departmentId: $d, scopeTags: "food", riskGrade: $g) { __typename
      ... on SamplingRef { id } ... on MutationError { code message field } } }"""
    bad = await _gql(browser, token, query, {"u": ent.uscc, "d": str(dept.id), "g": "Z"})
    assert bad["data"]["upsertSamplingTarget"]["field"] == "riskGrade"
    good = await _gql(browser, token, query, {"u": ent.uscc, "d": str(dept.id), "g": "c"})
    assert good["data"]["upsertSamplingTarget"]["__typename"] == "SamplingRef"
