from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portal.regulations.models import Validity
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


async def test_list_shows_published_regulations_only(client: httpx.AsyncClient) -> None:
    shown = await f.regulation("关于加强政府监管工作的意见")
    await f.regulation("尚在起草的管理办法", state=f.DRAFT)

    response = await client.get("/regulations")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "规章制度"
    assert "关于加强政府监管工作的意见" in page.text
    assert f"/regulations/{shown.id}" in page.links()
    assert "尚在起草的管理办法" not in page.text
    assert "共 1 条" in page.text


async def test_empty_list_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get("/regulations")
    assert response.status_code == 200
    assert "没有符合条件的规章或规范性文件" in parse(response).text
    assert "共 0 条" in parse(response).text


async def test_filters_by_title_validity_region_and_issued_dates(client: httpx.AsyncClient) -> None:
    await f.regulation_with("市场监管随机抽查工作细则", issued_on=dt.date(2024, 5, 1))
    await f.regulation_with("已废止的旧办法", validity=Validity.REPEALED, issued_on=dt.date(2010, 1, 1))
    await f.regulation_with("义乌市地方规定", region=await f.region("330782"),
                       issued_on=dt.date(2023, 7, 1))

    async def titles(query: str) -> str:
        response = await client.get("/regulations?" + query)
        assert response.status_code == 200, response.text
        return parse(response).text

    text = await titles("title=随机抽查")
    assert "市场监管随机抽查工作细则" in text and "已废止的旧办法" not in text
    text = await titles("validity=REPEALED")
    assert "已废止的旧办法" in text and "市场监管随机抽查工作细则" not in text
    text = await titles("region=330000")  # a province covers its counties
    assert "义乌市地方规定" in text and "已废止的旧办法" not in text
    text = await titles("from=2023-01-01&to=2023-12-31")
    assert "义乌市地方规定" in text and "市场监管随机抽查工作细则" not in text
    text = await titles("from=2023-1-1")  # one-digit month and day are accepted
    assert "义乌市地方规定" in text and "已废止的旧办法" not in text


async def test_filter_values_are_kept_in_the_form(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/regulations?title=监管&validity=AMENDED&from=2020-01-02"))
    assert page.by_id("f-title").attrs["value"] == "监管"  # type: ignore[union-attr]
    assert page.by_id("f-from").attrs["value"] == "2020-01-02"  # type: ignore[union-attr]
    selected = [e for e in page.all("option") if "selected" in e.attrs]
    assert [(e.attrs["value"], e.text) for e in selected] == [("AMENDED", "已修订")]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=12", "行政区划代码“12”无效"),
        ("region=abcdef", "应为6位数字"),
        ("from=2025-13-01", "发布日期（起）“2025-13-01”不是有效日期"),
        ("to=2025-02-30", "“2025-02-30”不是有效日期"),
        ("to=yesterday", "请按“年-月-日”填写"),
        ("validity=BOGUS", "效力状态的取值“BOGUS”无效"),
        ("from=2025-05-01&to=2025-01-01", "起始日期不能晚于结束日期"),
        ("after=not-a-cursor", "分页游标（after）无效"),
        ("title=" + "长" * 101, "标题关键词过长"),
    ],
)
async def test_bad_filters_show_the_form_with_a_message(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await client.get("/regulations?" + query)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.text
    assert page.by_id("f-title") is not None  # the form is shown again
    assert page.by_id("form-errors") is not None
    assert problems(page) == []


async def test_bad_field_is_marked_invalid_and_described(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/regulations?region=12"))
    region = page.by_id("f-region")
    assert region is not None and region.attrs.get("aria-invalid") == "true"
    assert "f-region-error" in region.attrs["aria-describedby"].split()
    assert page.by_id("f-title").attrs.get("aria-invalid") is None  # type: ignore[union-attr]
    assert "#f-region" in page.links()  # the error summary leads to the field


async def test_error_summary_comes_before_the_form(client: httpx.AsyncClient) -> None:
    response = await client.get("/regulations?from=2025-05-01&to=2025-01-01")
    assert response.status_code == 400
    assert response.text.index('id="form-errors"') < response.text.index('id="f-title"')
    assert not [h for h in parse(response).links() if h.startswith("#f-")]  # API error: no field


async def test_pagination_follows_next_link(client: httpx.AsyncClient) -> None:
    for n in range(23):
        await f.regulation_with(f"第{n:02d}号文件", issued_on=dt.date(2020, 1, 1) + dt.timedelta(days=n))
    first = parse(await client.get("/regulations"))
    assert "共 23 条" in first.text
    assert "第22号文件" in first.text and "第02号文件" not in first.text
    nxt = next(e.attrs["href"] for e in first.all("a") if e.attrs.get("rel") == "next")
    second = await client.get(nxt)
    assert second.status_code == 200
    text = parse(second).text
    assert "第02号文件" in text and "第00号文件" in text and "第22号文件" not in text
    assert not [e for e in parse(second).all("a") if e.attrs.get("rel") == "next"]


async def test_detail_shows_metadata_and_safe_paragraphs(client: httpx.AsyncClient) -> None:
    body = "各乡（镇）人民政府：\n\n\u3000\u3000一、总体要求\n<script>alert(1)</script>第二段"
    reg = await f.regulation_with(
        "关于加强政府监管工作的意见", body=body, effective_on=dt.date(2019, 1, 1),
        validity=Validity.AMENDED,
    )

    response = await client.get(f"/regulations/{reg.id}")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert page.h1() == "关于加强政府监管工作的意见"
    assert "德府发〔2018〕50号" in page.text and "德惠市人民政府" in page.text
    assert "2018年12月18日" in page.text and "2019年1月1日" in page.text
    assert "已修订" in page.text
    paragraphs = [p.text for p in page.all("p")]
    assert "各乡（镇）人民政府：" in paragraphs
    assert "一、总体要求" in paragraphs
    assert "<script>alert(1)</script>第二段" in paragraphs  # shown as text...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text  # ...because it is escaped
    assert page.inline_scripts == 0


async def test_unpublished_or_missing_regulation_is_404(client: httpx.AsyncClient) -> None:
    draft = await f.regulation("尚在起草的管理办法", state=f.DRAFT)
    for url in (f"/regulations/{draft.id}", "/regulations/999999", "/regulations/abc"):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert "尚在起草的管理办法" not in response.text
    assert "未找到该规章" in (await client.get(f"/regulations/{draft.id}")).text
