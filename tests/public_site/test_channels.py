from __future__ import annotations

import httpx
import pytest

from portal.channels.models import ChannelKind
from tests import factories as f
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio


async def _channels() -> None:
    await f.channel("12315 消费者投诉举报热线")
    await f.channel_at("12345 政务服务便民热线", kind=ChannelKind.HOTLINE, contact="12345",
                       hours="全天24小时")
    await f.channel_at("全国12315平台", kind=ChannelKind.WEB, contact="https://www.12315.cn/",
                       scope="消费投诉、违法举报")
    await f.channel_at("义乌市市场监管局来信地址", kind=ChannelKind.MAIL,
                       contact="义乌市稠城街道示例路1号", region_code="330782")
    await f.channel_at("杭州市市民之家窗口", kind=ChannelKind.IN_PERSON,
                       contact="杭州市上城区示例路2号", region_code="330102")
    await f.channel_at("未发布的渠道", kind=ChannelKind.WEB, contact="https://example.cn/",
                       state=f.DRAFT)


async def test_channels_are_grouped_by_kind(client: httpx.AsyncClient) -> None:
    await _channels()

    response = await client.get("/channels")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    assert [h for level, h in page.headings if level == 2] == ["热线电话", "网络平台", "信件", "现场"]
    hotlines = page.by_id("h-hotline")
    assert hotlines is not None
    assert "12315 消费者投诉举报热线" in page.text and "全天24小时" in page.text
    assert "tel:12345" in page.links() and "https://www.12315.cn/" in page.links()
    assert "未发布的渠道" not in page.text
    assert "共 5 条" in page.text


async def test_region_filter_keeps_national_and_own_region_channels(
    client: httpx.AsyncClient,
) -> None:
    await _channels()

    response = await client.get("/channels?region=330782")

    assert response.status_code == 200
    page = parse(response)
    assert "义乌市市场监管局来信地址" in page.text
    assert "12315 消费者投诉举报热线" in page.text  # national: no region
    assert "杭州市市民之家窗口" not in page.text
    assert "现场" not in [h for level, h in page.headings if level == 2]  # empty group hidden


async def test_bad_region_is_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/channels?region=33078")
    assert response.status_code == 400
    page = parse(response)
    assert "行政区划代码“33078”无效" in page.text
    assert page.by_id("f-region") is not None


async def test_no_channels_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get("/channels")
    assert response.status_code == 200
    assert "没有适用于该地区的投诉举报渠道" in parse(response).text
