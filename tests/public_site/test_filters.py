from __future__ import annotations

import datetime as dt

import pytest
from starlette.datastructures import QueryParams

from public_site import labels
from public_site.filters import Field, Invalid, bind, parse_date

FIELDS = [
    Field("title", "title"),
    Field("region", "region", "region"),
    Field("industry", "industry", "industry"),
    Field("from", "dateFrom", "date"),
    Field("year", "year", "year"),
    Field("department", "departmentId", "department"),
    Field("active", "active", "yesno"),
    Field("severity", "severity", "choice", choices=labels.SEVERITY_SHOWN),
]


def test_good_values_become_graphql_variables() -> None:
    form = bind(QueryParams(
        "title=+监管+&region=330782&industry=f5211&from=2025-3-1&year=2025&department=7"
        "&active=no&severity=SERIOUS"
    ), FIELDS)
    assert form.errors == []
    assert form.variables == {
        "title": "监管", "region": "330782", "industry": "F5211", "dateFrom": "2025-03-01",
        "year": 2025, "departmentId": "7", "active": False, "severity": "SERIOUS",
    }
    assert form.values["title"] == "监管" and form.filtered


def test_empty_values_are_no_filter() -> None:
    form = bind(QueryParams("title=&region=++&active="), FIELDS)
    assert form.variables == {} and form.errors == [] and not form.filtered


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("region=３３０７８２", "行政区划代码“３３０７８２”无效"),  # full-width digits
        ("industry=C12345", "行业代码“C12345”无效"),
        ("year=２０２５", "年度“２０２５”无效"),
        ("year=2101", "年度“2101”无效"),
        ("department=1;drop", "监管部门的取值“1;drop”无效"),
        ("department=1234567890123", "监管部门的取值"),
        ("active=true", "是否仍在名录中的取值“true”无效"),
        ("severity=WARNING", "处罚类别的取值“WARNING”无效"),
        ("title=" + "字" * 101, "标题关键词过长（最多100个字）"),
    ],
)
def test_bad_values_get_a_message_naming_the_field(query: str, fragment: str) -> None:
    form = bind(QueryParams(query), FIELDS)
    assert len(form.errors) == 1
    assert fragment in form.errors[0]
    assert form.variables == {}


def test_long_bad_values_are_shortened_in_messages() -> None:
    form = bind(QueryParams("region=" + "9" * 300), FIELDS)
    assert "9" * 40 + "…" in form.errors[0] and "9" * 41 not in form.errors[0]


@pytest.mark.parametrize(
    "raw", ["2025-02-29", "2025-13-01", "2025-00-10", "25-01-01", "2025/01/01", "20250101",
            "2025-01-01T00:00", "２０２５-01-01", ""],
)
def test_parse_date_rejects_malformed(raw: str) -> None:
    with pytest.raises(Invalid):
        parse_date(raw)


def test_parse_date_accepts_iso_and_short_forms() -> None:
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_date("2024-2-9") == dt.date(2024, 2, 9)
