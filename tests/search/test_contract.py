"""The search contract: the same assertions for every configured backend.

Each test runs against the embedded index and (with MEILI_URL) against Meilisearch, on the
fixed corpus of ``conftest.build_corpus``.
"""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from portal.core.outbox import emit
from portal.core.publication import PublicationState
from portal.regulations.models import Regulation
from search import service
from search.backend import SearchBackend
from search.indexer import drain
from search.query import Filters, SearchRequest, parse_query
from search.reindex import reindex
from tests.search.conftest import Corpus

pytestmark = pytest.mark.anyio


async def titles(query: str, **kwargs: object) -> list[str]:
    outcome = await service.search(query, **kwargs)  # type: ignore[arg-type]
    return [h.title for h in outcome.hits]


async def test_company_name_finds_the_enterprise_first(corpus: Corpus) -> None:
    outcome = await service.search("华联商贸")
    assert outcome.hits[0].kind == "enterprise"
    assert outcome.hits[0].title == "义乌市华联商贸有限公司"
    assert {h.kind for h in outcome.hits} == {"enterprise", "penalty", "inspection_result"}
    assert outcome.total == 3


async def test_a_word_from_a_regulation_finds_it(corpus: Corpus) -> None:
    assert (await titles("事中事后"))[0] == "关于加强和规范事中事后监管的实施意见"
    assert (await titles("新型监管机制"))[0] == "关于加强和规范事中事后监管的实施意见"


async def test_simplified_query_finds_the_traditional_document(corpus: Corpus) -> None:
    outcome = await service.search("应急管理")
    assert outcome.hits[0].id == str(corpus.ids["traditional"])
    assert "<mark>應急管理</mark>" in outcome.hits[0].title_html
    assert (await titles("煤矿安全"))[0] == "山西省應急管理廳關于貫徹落實監管意見的通知"


async def test_traditional_query_finds_the_simplified_document(corpus: Corpus) -> None:
    assert (await titles("監管機制"))[0] == "关于加强和规范事中事后监管的实施意见"


async def test_pinyin_and_initials_find_the_enterprise(corpus: Corpus) -> None:
    for query in ("zgsh", "zhongguo", "ZhongGuo"):
        outcome = await service.search(query)
        assert outcome.hits, query
        assert outcome.hits[0].id == str(corpus.sinopec.id), query
    outcome = await service.search("zgsh")
    assert outcome.hits[0].title_html.startswith("<mark>中国石化</mark>")


async def test_full_width_and_case_are_normalised(corpus: Corpus) -> None:
    for query in ("ＳＣＪＧ－０００１", "scjg-0001"):
        outcome = await service.search(query)
        assert outcome.hits and outcome.hits[0].kind == "inspection_item", query


async def test_filters(corpus: Corpus) -> None:
    assert [h.kind for h in (await service.search("华联", kinds=["penalty"])).hits] == ["penalty"]
    wucheng = await service.search("有限公司", filters=Filters(region="330702"))
    assert {h.title for h in wucheng.hits if h.kind == "enterprise"} == {
        "中国石化销售股份有限公司浙江金华石油分公司"}
    city = await service.search("有限公司", kinds=["enterprise"], filters=Filters(region="330700"))
    assert city.total == 3  # a city code covers its districts and county-level cities
    by_year = await service.search("检查结果", filters=Filters(year=2024))
    assert [h.id for h in by_year.hits] == [str(corpus.ids["result_2024"])]
    by_code = await service.search("检查结果", filters=Filters(result_code="corrected"))
    assert [h.id for h in by_code.hits] == [str(corpus.ids["result"])]
    listed = await service.search("麦香", filters=Filters(list_kind="abnormal"))
    assert [h.kind for h in listed.hits] == ["list_entry"]


async def test_department_filter(corpus: Corpus) -> None:
    outcome = await service.search("华联")
    yiwu = next(v for v in outcome.facets["department"] if v.label == "义乌市市场监督管理局")
    filtered = await service.search("华联", filters=Filters(department=yiwu.value))
    assert {h.kind for h in filtered.hits} == {"penalty", "inspection_result"}


async def test_facets_count_kinds_regions_departments_years(corpus: Corpus) -> None:
    outcome = await service.search("华联")
    kinds = {v.value: (v.label, v.count) for v in outcome.facets["kind"]}
    assert kinds == {"enterprise": ("市场主体", 1), "penalty": ("行政处罚", 1),
                     "inspection_result": ("抽查结果", 1)}
    assert [(v.value, v.label, v.count) for v in outcome.facets["region"]] == [
        ("330782", "义乌市", 3)]
    assert [(v.value, v.count) for v in outcome.facets["year"]] == [("2025", 2)]
    assert [(v.label, v.count) for v in outcome.facets["result_code"]] == [
        ("发现问题已责令改正", 1)]


async def test_highlighting_marks_and_escapes(corpus: Corpus) -> None:
    outcome = await service.search("麦香")
    enterprise = next(h for h in outcome.hits if h.kind == "enterprise")
    assert enterprise.title_html == "婺城区<mark>麦香</mark>烘焙&lt;坊&gt;"
    penalty = (await service.search("电热水壶")).hits[0]
    assert "<mark>电热水壶</mark>" in penalty.snippet_html


async def test_unpublished_and_expired_records_are_not_in_the_index(
    corpus: Corpus, backend: SearchBackend
) -> None:
    assert await titles("草案") == []
    assert await titles("加油机") == []  # its display window ended in 2024
    raw = await backend.search(SearchRequest(("草案",)))
    assert raw.total == 0 and raw.hits == []


async def test_unpublishing_removes_an_item(corpus: Corpus, backend: SearchBackend) -> None:
    regulation = await Regulation.get(id=corpus.ids["regulation"])
    async with in_transaction() as conn:
        regulation.publication_state = PublicationState.WITHDRAWN
        await regulation.save(using_db=conn, update_fields=["publication_state"])
        await emit(conn, "regulation", regulation.id)
    report = await drain(backend)
    assert report.deleted == 1 and report.failed == 0
    raw = await backend.search(SearchRequest(tuple(parse_query("事中事后", 100).segments)))
    assert str(regulation.id) not in {h.id for h in raw.hits}
    assert await titles("事中事后") == []


async def test_browse_with_filters_only_lists_newest_first(corpus: Corpus) -> None:
    outcome = await service.search("", kinds=["inspection_result"])
    assert [h.date.isoformat() for h in outcome.hits if h.date] == ["2025-05-10", "2024-09-01"]


async def test_pagination_and_newest_sort(corpus: Corpus) -> None:
    first = await service.search("婺城", first=2)
    assert len(first.hits) == 2 and first.has_next and first.total == 5
    second = await service.search("婺城", first=2, after=first.end_cursor)
    assert not {h.id + h.kind for h in first.hits} & {h.id + h.kind for h in second.hits}
    newest = await service.search("婺城", newest_first=True)
    dates = [h.date for h in newest.hits if h.date]
    assert dates == sorted(dates, reverse=True)


async def test_credit_code_goes_straight_to_the_enterprise(corpus: Corpus) -> None:
    outcome = await service.search(corpus.hualian.uscc.lower())
    assert outcome.exact is not None
    assert outcome.exact.link == f"/enterprises/{corpus.hualian.uscc}"
    assert outcome.hits[0].kind == "enterprise"


async def test_rebuilding_replaces_documents_and_drops_what_is_no_longer_public(
    corpus: Corpus, backend: SearchBackend
) -> None:
    count = await backend.count()
    await reindex(backend)
    assert await backend.count() == count  # replaced, not duplicated
    regulation = await Regulation.get(id=corpus.ids["regulation"])
    regulation.publication_state = PublicationState.WITHDRAWN
    await regulation.save(update_fields=["publication_state"])  # no event: only a rebuild sees it
    await reindex(backend, ["regulation"])
    assert await backend.count() == count - 1
    assert await titles("事中事后") == []


@pytest.mark.parametrize("query", ["婺城", "义乌", "监管"])
async def test_the_total_is_the_same_with_and_without_facets(
    corpus: Corpus, backend: SearchBackend, query: str
) -> None:
    segments = tuple(parse_query(query, 100).segments)
    for newest_first in (False, True):
        with_facets = await backend.search(SearchRequest(segments, limit=2, newest_first=newest_first))
        without = await backend.search(SearchRequest(segments, limit=2, newest_first=newest_first,
                                                     facets=False))
        assert with_facets.total == without.total > 0
        assert sum(with_facets.facets["kind"].values()) == with_facets.total
        assert [h.uid for h in with_facets.hits] == [h.uid for h in without.hits]
