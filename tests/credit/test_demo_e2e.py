"""Done-when of issue 7, end to end through the real pages, the API, search and selectors:
the demo enterprise logs in, sees its penalty with 可申请修复日期, is refused before that date with
the reason, applies after it, and — once demo-credit approves in the back office — the penalty
is gone from the public site, the API, search and the selectors feeds read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.models import NoticeAction, PublicNotice
from portal.core.policies import Role
from portal.credit.models import Penalty
from portal.credit.queries import public_penalties
from portal.credit.repairs import COMMITMENT_TEMPLATE
from portal.enterprise_accounts.demo import DEMO_ENTERPRISE_USER, DEMO_USCC, seed_demo_enterprise
from portal.identity.demo import DEMO_PASSWORD
from search import runtime
from search.embedded import EmbeddedBackend
from search.indexer import drain
from search.query import SearchRequest, parse_query
from search.reindex import reindex
from tests import factories as f
from tests.backoffice.browser import BASE, forms, login, make_client
from tests.identity.helpers import PASSWORD, staff

pytestmark = pytest.mark.anyio
TODAY = dt.date(2025, 6, 16)


async def _api(client: object, query: str, variables: dict[str, object]) -> dict[str, object]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})  # type: ignore[attr-defined]
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


async def test_demo_enterprise_is_refused_early_applies_and_approval_stops_display(
    credit_db: None, tmp_path: Path
) -> None:
    with clock.frozen(TODAY):
        dept = await f.department()
        await staff("demo-credit", (Role.CREDIT_OFFICER, dept.id))
        await seed_demo_enterprise()
        past, future = await Penalty.filter(enterprise__uscc=DEMO_USCC).order_by("decided_on")
        assert past.repairable_from is not None and past.repairable_from <= TODAY
        assert future.repairable_from is not None and future.repairable_from > TODAY
        backend = EmbeddedBackend(tmp_path / "index", writer_heap=20_000_000)
        await backend.ensure_ready()
        runtime.install(backend)
        try:
            await reindex(backend)
            words = parse_query(past.decision_number, 100)  # as the search service reads it
            hits = await backend.search(SearchRequest(tuple(words.segments), limit=20))
            assert f"penalty-{past.id}" in {h.uid for h in hits.hits}
            settings = Settings(base_url=BASE, var_dir=tmp_path, login_rate_limit="1000/minute")
            from portal.app import create_app

            async with make_client(create_app(settings, manage_db=False)) as web:
                # 1. log in and see the penalty with its repair date
                home = await login(web, DEMO_ENTERPRISE_USER, start="/my/", password=DEMO_PASSWORD)
                assert str(home.url) == f"{BASE}/my/"
                assert home.status_code == 200 and "可申请修复日期" in home.text, re.sub(r"\s+", " ", home.text)[-3000:]
                assert past.decision_number in home.text and future.decision_number in home.text
                # 2. refused before the date, with the reason in plain words
                early = await web.get(f"/my/records/penalty/{future.id}")
                assert "最短公示期尚未届满" in early.text
                assert f"{future.repairable_from.year}年{future.repairable_from.month}月" in early.text
                token = forms(early.text, str(early.url))[-1].fields["csrf_token"]
                refused = await web.post(f"/my/records/penalty/{future.id}/repair", data={
                    "csrf_token": token, "commitment": "本单位承诺" * 10})
                assert refused.status_code == 400 and "可申请修复日期为" in refused.text
                # 3. apply after it, with the commitment and a proof attachment
                record = await web.get(f"/my/records/penalty/{past.id}")
                repair_form = next(x for x in forms(record.text, str(record.url))
                                   if x.action.endswith("/repair"))
                assert COMMITMENT_TEMPLATE in record.text  # the textarea comes pre-filled
                filed = await web.post(repair_form.action, data=repair_form.fields | {
                    "commitment": COMMITMENT_TEMPLATE, "performance": "罚款已缴清，标签已整改"},
                    files=[("files", ("缴款凭证.pdf", b"%PDF-1.4 paid", "application/pdf"))])
                assert filed.status_code == 303, re.sub(r"\s+", " ", filed.text)[-1500:]
                app_url = filed.headers["location"]
                app_id = int(re.findall(r"\d+", app_url)[-1])
                # 4. demo-credit accepts, reviews and approves in the back office
                await login(web, "demo-credit", password=PASSWORD)
                for action, reason in (("accept", ""), ("review", "材料齐全，罚款已缴清"),
                                       ("approve", "符合信用修复条件，准予停止公示")):
                    staff_page = await web.get(f"/backoffice/credit/repairs/{app_id}")
                    form = next(x for x in forms(staff_page.text, str(staff_page.url))
                                if x.action.endswith(f"/{action}"))
                    done = await web.post(form.action, data=form.fields | {"reason": reason})
                    assert done.status_code == 303, done.text
                await drain(backend)
                # 5. gone everywhere public
                assert (await web.get(f"/penalties/{past.id}")).status_code == 404
                assert past.decision_number not in (await web.get("/penalties")).text
                assert past.decision_number not in (await web.get(f"/enterprises/{DEMO_USCC}")).text
                assert future.decision_number in (await web.get(f"/enterprises/{DEMO_USCC}")).text
                api = await _api(web, "query($id: ID!) { penalty(id: $id) { id } }",
                                 {"id": str(past.id)})
                assert api["data"] == {"penalty": None}
                listed = await _api(web, "{ penalties(first: 100) { nodes { id } } }", {})
                ids = {n["id"] for n in listed["data"]["penalties"]["nodes"]}  # type: ignore[index]
                assert str(past.id) not in ids and str(future.id) in ids
                words = parse_query(past.decision_number, 100)  # as the search service reads it
                hits = await backend.search(SearchRequest(tuple(words.segments), limit=20))
                assert f"penalty-{past.id}" not in {h.uid for h in hits.hits}
                assert not await public_penalties().filter(id=past.id).exists()  # feeds, exports
                notice = await PublicNotice.get(kind="penalty", object_id=past.id)
                assert notice.action == NoticeAction.REPAIRED
                # 6. the enterprise sees the outcome in its account; the record stays for staff
                mine = await web.get(app_url)
                assert "准予修复" in mine.text and "符合信用修复条件" in mine.text
                assert "已信用修复" in (await web.get(f"/my/records/penalty/{past.id}")).text
                stats = await web.get("/credit-repair")
                assert dept.name in stats.text
        finally:
            runtime.uninstall(backend)
            await backend.close()
