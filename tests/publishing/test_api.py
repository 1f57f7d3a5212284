"""Staff GraphQL API of publication review, and what the public API then shows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from portal.config import Settings
from portal.core.policies import Role
from tests import factories
from tests.backoffice.test_staff_api import _gql, _token
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio

SAVE = """mutation($kind: PublicationKind!, $dept: ID, $id: ID, $fields: [FieldValueInput!]!) {
  savePublicationDraft(kind: $kind, departmentId: $dept, id: $id, fields: $fields) {
    __typename
    ... on PublicationRevisionPayload { revision { objectId state number masks { field kind text replacement }
                                                   fields { name value publicValue } } }
    ... on MutationError { code message field } } }"""
MOVE = """mutation($kind: PublicationKind!, $id: ID!, $action: PublicationAction!, $reason: String! = "") {
  publicationTransition(kind: $kind, id: $id, action: $action, reason: $reason) {
    __typename
    ... on PublicationRevisionPayload { revision { state reviewer } }
    ... on MutationError { code message } } }"""
PUBLIC = """query($id: ID!) { penalty(id: $id) { violation basis content } }"""


def _fields(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in values.items()]


async def _public(browser: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await browser.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_editor_drafts_reviewer_publishes_public_api_shows_masked_text(
        browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    ent = await factories.enterprise()
    editor = _token(settings, await staff("editor-a", (Role.EDITOR, dept.id)), "publications:write")
    reviewer = _token(settings, await staff("reviewer-a", (Role.REVIEWER, dept.id)), "publications:review")
    body = await _gql(browser, editor, SAVE, {"kind": "PENALTY", "dept": str(dept.id),
                                              "fields": _fields(factories.penalty_values(ent))})
    revision = body["data"]["savePublicationDraft"]["revision"]
    assert revision["state"] == "DRAFT"
    assert {"field": "violation", "kind": "mobile", "text": "13912345678",
            "replacement": "[已隐去：个人隐私]"} in revision["masks"]
    pid = revision["objectId"]
    assert (await _public(browser, PUBLIC, {"id": pid}))["data"]["penalty"] is None

    moved = await _gql(browser, editor, MOVE, {"kind": "PENALTY", "id": pid, "action": "SUBMIT"})
    assert moved["data"]["publicationTransition"]["revision"]["state"] == "IN_REVIEW"
    own = await _gql(browser, editor, MOVE, {"kind": "PENALTY", "id": pid, "action": "APPROVE"})
    assert own["data"]["publicationTransition"]["__typename"] == "MutationError"
    for action in ("APPROVE", "PUBLISH"):
        moved = await _gql(browser, reviewer, MOVE, {"kind": "PENALTY", "id": pid, "action": action})
        assert moved["data"]["publicationTransition"]["__typename"] == "PublicationRevisionPayload", moved
    shown = await _public(browser, PUBLIC, {"id": pid})
    assert "13912345678" not in str(shown) and "[已隐去：个人隐私]" in shown["data"]["penalty"]["violation"]


async def test_bad_input_is_a_mutation_error_and_other_departments_are_refused(
        browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    other = await factories.department("金华市市场监督管理局", "330700")
    ent = await factories.enterprise()
    editor = _token(settings, await staff("editor-b", (Role.EDITOR, dept.id)), "publications:write")
    bad = await _gql(browser, editor, SAVE, {"kind": "PENALTY", "dept": str(dept.id),
                                             "fields": _fields(factories.penalty_values(ent, decided_on="昨天"))})
    error = bad["data"]["savePublicationDraft"]
    assert error["__typename"] == "MutationError" and error["field"] == "decided_on" and "日期" in error["message"]
    refused = await _gql(browser, editor, SAVE, {"kind": "PENALTY", "dept": str(other.id),
                                                 "fields": _fields(factories.penalty_values(ent))})
    assert refused["data"]["savePublicationDraft"]["code"] == "forbidden"
    no_scope = _token(settings, await staff("editor-c", (Role.EDITOR, dept.id)), "audit:read")
    refused = await _gql(browser, no_scope, SAVE, {"kind": "PENALTY", "dept": str(dept.id),
                                                   "fields": _fields(factories.penalty_values(ent))})
    assert refused["data"]["savePublicationDraft"]["code"] == "forbidden"


async def test_queue_and_versions_with_diff(browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    ent = await factories.enterprise()
    editor = _token(settings, await staff("editor-d", (Role.EDITOR, dept.id)), "publications:write")
    reviewer = _token(settings, await staff("reviewer-d", (Role.REVIEWER, dept.id)), "publications:review")
    body = await _gql(browser, editor, SAVE, {"kind": "PENALTY", "dept": str(dept.id),
                                              "fields": _fields(factories.penalty_values(ent))})
    pid = body["data"]["savePublicationDraft"]["revision"]["objectId"]
    await _gql(browser, editor, MOVE, {"kind": "PENALTY", "id": pid, "action": "SUBMIT"})
    queue = await _gql(browser, reviewer, "{ publicationQueue { objectId state kind } }")
    assert queue["data"]["publicationQueue"] == [{"objectId": pid, "state": "IN_REVIEW", "kind": "penalty"}]
    seen = await _gql(browser, reviewer, """query($id: ID!) { publicationRecord(kind: PENALTY, id: $id) {
        state revision { masks { field kind text } fields { name value publicValue } } } }""", {"id": pid})
    record = seen["data"]["publicationRecord"]
    assert record["state"] == "IN_REVIEW"
    assert {"field": "violation", "kind": "mobile", "text": "13912345678"} in record["revision"]["masks"]
    violation = next(x for x in record["revision"]["fields"] if x["name"] == "violation")
    assert "13912345678" in violation["value"] and "13912345678" not in violation["publicValue"]
    for action in ("APPROVE", "PUBLISH"):
        await _gql(browser, reviewer, MOVE, {"kind": "PENALTY", "id": pid, "action": action})
    await _gql(browser, editor, MOVE, {"kind": "PENALTY", "id": pid, "action": "CORRECT", "reason": "金额有误"})
    await _gql(browser, editor, SAVE, {"kind": "PENALTY", "id": pid, "fields": _fields({"fine_amount": "3000"})})
    await _gql(browser, editor, MOVE, {"kind": "PENALTY", "id": pid, "action": "SUBMIT"})
    for action in ("APPROVE", "PUBLISH"):
        await _gql(browser, reviewer, MOVE, {"kind": "PENALTY", "id": pid, "action": action})
    diff = await _gql(browser, reviewer, """query($id: ID!) { publicationDiff(kind: PENALTY, id: $id,
        fromVersion: 1, toVersion: 2) { name before after } }""", {"id": pid})
    assert diff["data"]["publicationDiff"] == [{"name": "fine_amount", "before": "5000.00", "after": "3000.00"}]


async def test_holiday_table_through_the_api(browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    admin = _token(settings, await staff("admin-w", (Role.ADMINISTRATOR, None)), "staff:write")
    reviewer = _token(settings, await staff("reviewer-w", (Role.REVIEWER, dept.id)), "publications:review")
    save = """mutation($h: [String!]!) { saveWorkdayYear(year: 2027, holidays: $h, makeupWorkdays: ["2027-02-06"]) {
        __typename ... on WorkdayYearPayload { year { year holidays makeupWorkdays } }
        ... on MutationError { code message } } }"""
    refused = await _gql(browser, reviewer, save, {"h": ["2027-02-08"]})
    assert refused["data"]["saveWorkdayYear"]["code"] == "forbidden"
    bad = await _gql(browser, admin, save, {"h": ["春节"]})
    assert "不是日期" in bad["data"]["saveWorkdayYear"]["message"]
    done = await _gql(browser, admin, save, {"h": ["2027-02-08..2027-02-10"]})
    assert done["data"]["saveWorkdayYear"]["year"] == {
        "year": 2027, "holidays": ["2027-02-08", "2027-02-09", "2027-02-10"], "makeupWorkdays": ["2027-02-06"]}
    listed = await _gql(browser, reviewer, "{ workdayYears { year } }")
    assert listed["data"]["workdayYears"] == [{"year": 2027}]


async def test_a_plan_goes_through_the_workflow_over_the_staff_api(
        browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    health = await factories.department("义乌市卫生健康局")
    editor = _token(settings, await staff("editor-p", (Role.EDITOR, dept.id)), "publications:write")
    reviewer = _token(settings, await staff("reviewer-p", (Role.REVIEWER, dept.id)), "publications:review")
    created = await _gql(browser, editor, """mutation($d: ID!) { createSamplingPlan(input: {year: 2026,
        name: "2026年度抽查计划", leadDepartmentId: $d}) { ... on SamplingRef { id } } }""", {"d": str(dept.id)})
    plan = created["data"]["createSamplingPlan"]["id"]
    await _gql(browser, editor, """mutation($p: ID!, $d: ID!) { createSamplingTask(planId: $p, name: "第一批",
        departmentId: $d) { __typename } }""", {"p": plan, "d": str(dept.id)})
    bad = await _gql(browser, editor, SAVE, {"kind": "SAMPLING_PLAN", "id": plan,
                                             "fields": _fields({"participants": f"{health.id},99999"})})
    error = bad["data"]["savePublicationDraft"]
    assert error["field"] == "participants" and "99999" in error["message"]
    saved = await _gql(browser, editor, SAVE, {"kind": "SAMPLING_PLAN", "id": plan,
                                               "fields": _fields({"participants": str(health.id)})})
    shown = {f["name"]: f["value"] for f in saved["data"]["savePublicationDraft"]["revision"]["fields"]}
    assert shown["participants"] == str(health.id)
    await _gql(browser, editor, MOVE, {"kind": "SAMPLING_PLAN", "id": plan, "action": "SUBMIT"})
    own = await _gql(browser, editor, MOVE, {"kind": "SAMPLING_PLAN", "id": plan, "action": "APPROVE"})
    assert own["data"]["publicationTransition"]["__typename"] == "MutationError"
    record = await _gql(browser, reviewer, """query($id: ID!) { publicationRecord(kind: SAMPLING_PLAN, id: $id) {
        publishedWith { kind title } } }""", {"id": plan})
    assert record["data"]["publicationRecord"]["publishedWith"] == [{"kind": "sampling_task", "title": "第一批"}]
    for action in ("APPROVE", "PUBLISH"):
        moved = await _gql(browser, reviewer, MOVE, {"kind": "SAMPLING_PLAN", "id": plan, "action": action})
        assert moved["data"]["publicationTransition"]["__typename"] == "PublicationRevisionPayload", moved
    public = await _public(browser, """query($id: ID!) { samplingPlan(id: $id) {
        participatingDepartments { name } tasks { name } } }""", {"id": plan})
    assert public["data"]["samplingPlan"] == {"participatingDepartments": [{"name": "义乌市卫生健康局"}],
                                              "tasks": [{"name": "第一批"}]}
