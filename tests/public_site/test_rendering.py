from __future__ import annotations

import datetime as dt

from public_site import labels
from public_site.rendering import paragraphs


def test_paragraphs_keep_lines_and_drop_blank_ones() -> None:
    text = "第一条\u3000为了规范。\r\n\r\n\u3000\u3000第二条 本办法适用于……\n   \n第三条"
    assert paragraphs(text) == ["第一条\u3000为了规范。", "第二条 本办法适用于……", "第三条"]
    assert paragraphs("") == [] and paragraphs(None) == []


def test_cn_date_handles_dates_strings_and_china_time() -> None:
    assert labels.cn_date("2025-03-05") == "2025年3月5日"
    assert labels.cn_date(dt.date(2026, 12, 31)) == "2026年12月31日"
    assert labels.cn_date("2025-03-04T17:30:00+00:00") == "2025年3月5日"  # 01:30 in Beijing
    assert labels.cn_date(None) == "" and labels.cn_date("不是日期") == "不是日期"


def test_money_and_percent() -> None:
    assert labels.money(12500.0) == "12,500.00 元" and labels.money(None) == ""
    assert labels.percent(5.0) == "5%" and labels.percent(3.5) == "3.5%"
    assert labels.percent(None) == ""


def test_every_field_has_a_label_and_every_list_kind_a_title() -> None:
    from public_site.views import channels, credit, enterprises, inspections, regulations, sampling

    fields = [*channels.FIELDS, *credit.PENALTY_FIELDS, *credit.LIST_FIELDS, *enterprises.FIELDS,
              *inspections.FIELDS, *regulations.FIELDS, *sampling.ITEM_FIELDS,
              *sampling.PLAN_FIELDS]
    assert all(field.text for field in fields)
    assert set(labels.LIST_KIND_SLUG.values()) == set(labels.LIST_KIND_TITLE)
