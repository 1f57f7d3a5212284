"""The small tables the big ones reference: regions, industries, departments, items, plans, tasks.

A province-scale portal: 浙江省 (GB/T 2260 codes from ``regions_330000.csv``; verify before
reuse), its 11 cities and 90 counties, one market-supervision bureau per level, GB/T 4754 classes,
a provincial inspection-item list and one annual plan per city with tasks for its counties.
These do not scale with ``--scale``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.codec import Codec

HERE = Path(__file__).parent
PUB = ("publication_state", "published_at", "withdrawn_at", "withdrawal_reason")

INDUSTRIES = [  # (code, name) — GB/T 4754-2017 sections and common classes (abbreviated)
    ("A", "农、林、牧、渔业"), ("A0111", "稻谷种植"), ("C", "制造业"), ("C1311", "稻谷加工"),
    ("C1431", "米、面制品制造"), ("C1512", "白酒制造"), ("C1810", "机织服装制造"),
    ("E", "建筑业"), ("E4710", "住宅房屋建筑"), ("F", "批发和零售业"), ("F5211", "百货零售"),
    ("F5212", "超级市场零售"), ("F5221", "粮油零售"), ("F5222", "糕点、面包零售"),
    ("F5223", "果品、蔬菜零售"), ("F5224", "肉、禽、蛋、奶及水产品零售"),
    ("F5226", "酒、饮料及茶叶零售"), ("F5251", "西药零售"), ("F5261", "汽车新车零售"),
    ("F5265", "机动车燃油零售"), ("G", "交通运输、仓储和邮政业"), ("G5431", "普通货物道路运输"),
    ("H", "住宿和餐饮业"), ("H6110", "旅游饭店"), ("H6210", "正餐服务"), ("H6220", "快餐服务"),
    ("H6291", "小吃服务"), ("I", "信息传输、软件和信息技术服务业"), ("I6510", "软件开发"),
    ("L", "租赁和商务服务业"), ("L7212", "投资与资产管理"), ("O", "居民服务、修理和其他服务业"),
    ("O8010", "家庭服务"), ("O8060", "理发及美容服务"),
]
ITEMS = [
    "企业公示信息情况检查", "食品销售者经营条件检查", "餐饮服务提供者食品安全检查",
    "特种设备使用单位检查", "工业产品生产许可证获证企业检查", "广告发布行为检查",
    "商品价格行为检查", "计量器具使用情况检查", "网络交易平台经营行为检查",
    "药品零售企业经营行为检查", "化妆品经营者检查", "农资商品质量检查",
]


@dataclass
class County:
    code: str
    name: str
    city_code: str
    city_name: str


@dataclass
class Reference:
    anchor: dt.date
    counties: list[County] = field(default_factory=list)
    regions: list[tuple[str, str, str | None]] = field(default_factory=list)
    departments: list[tuple[int, str, str, int | None, str]] = field(default_factory=list)
    dept_of_region: dict[str, int] = field(default_factory=dict)
    province_dept: int = 1
    item_ids: list[int] = field(default_factory=list)
    tasks_by_dept_year: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    industry_classes: list[str] = field(default_factory=list)
    tables: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return list(range(self.anchor.year - 3, self.anchor.year + 1))


def _read_regions(ref: Reference) -> None:
    ref.regions.append(("330000", "浙江省", None))
    with (HERE / "regions_330000.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ref.regions.append((row["city_code"], row["city_name"], "330000"))
            for item in row["counties"].split(";"):
                code, name = item.split(" ")
                ref.regions.append((code, name, row["city_code"]))
                ref.counties.append(County(code, name, row["city_code"], row["city_name"]))


def _departments(ref: Reference) -> None:
    depts = ref.departments
    depts.append((1, "浙江省市场监督管理局", "province", None, "330000"))
    ref.dept_of_region["330000"] = 1
    for code, name, parent in ref.regions[1:]:
        if parent == "330000":
            label, level, up = f"{name}市场监督管理局", "city", 1
        else:
            city = next(c for c in ref.counties if c.code == code).city_name
            label = f"{city}{name}市场监督管理局" if name.endswith("区") else f"{name}市场监督管理局"
            level, up = "county", ref.dept_of_region[parent or ""]
        depts.append((len(depts) + 1, label, level, up, code))
        ref.dept_of_region[code] = len(depts)
    depts.append((len(depts) + 1, "浙江省药品监督管理局", "province", None, "330000"))


def _plans(ref: Reference, codec: Codec, rng: random.Random) -> None:
    today = ref.anchor.toordinal()
    items, plans, plan_items, tasks = [], [], [], []
    for i, name in enumerate(ITEMS, start=1):
        items.append((
            "published", codec.ts(today - 1200 + i, 7200), None, None, i, f"ZJSC-{i:04d}", name,
            "key" if i % 3 == 0 else "general", "各类市场主体", "《企业信息公示暂行条例》等",
            "书面检查、实地核查", "不低于3%", "每年至少1次", 1,
        ))
        ref.item_ids.append(i)
    by_city: dict[str, list[County]] = defaultdict(list)
    for county in ref.counties:
        by_city[county.city_code].append(county)
    for year in ref.years:
        start, end = dt.date(year, 3, 1).toordinal(), dt.date(year, 11, 30).toordinal()
        done = end < today
        for city_code, counties in by_city.items():
            plan_id = len(plans) + 1
            lead = ref.dept_of_region[city_code]
            published = codec.ts(min(start - 20, today - 1), 3600 * 2)
            plans.append((
                "published", published, None, None, plan_id, year,
                f"{counties[0].city_name}{year}年度“双随机、一公开”联合抽查计划", lead,
                "辖区内各类市场主体", codec.money(500), codec.day(start), codec.day(end),
                "completed" if done else ("in_progress" if start <= today else "planned"),
            ))
            for item_id in rng.sample(ref.item_ids, 5):
                plan_items.append((plan_id, item_id))
            for county in counties:
                dept = ref.dept_of_region[county.code]
                for n in range(1, 4):
                    task_id = len(tasks) + 1
                    finish = start + 60 * n
                    tasks.append((
                        "published", published, None, None, task_id, plan_id,
                        f"{county.name}{year}年第{n}批双随机抽查任务", dept, "辖区内市场主体",
                        codec.money(300), rng.randint(200, 2000), codec.day(start + 60 * (n - 1)),
                        codec.day(finish), "completed" if finish < today else "in_progress",
                        codec.day(finish) if finish < today else None,
                    ))
                    ref.tasks_by_dept_year.setdefault((dept, year), []).append(task_id)
    ref.tables += [
        ("inspection_item", (*PUB, "id", "code", "name", "category", "target_type", "legal_basis",
                             "method", "ratio", "frequency", "department_id"), items),
        ("sampling_plan", (*PUB, "id", "year", "name", "lead_department_id", "scope",
                           "ratio_percent", "window_start", "window_end", "progress"), plans),
        ("sampling_plan_item", ("sampling_plan_id", "inspectionitem_id"), plan_items),
        ("sampling_task", (*PUB, "id", "plan_id", "name", "department_id", "scope",
                           "ratio_percent", "target_count", "window_start", "window_end",
                           "progress", "completed_on"), tasks),
    ]


def build(anchor: dt.date, codec: Codec, seed: int) -> Reference:
    ref = Reference(anchor=anchor)
    _read_regions(ref)
    _departments(ref)
    ref.industry_classes = [code for code, _ in INDUSTRIES if len(code) > 1]
    industries = [(code, name, None if len(code) == 1 else code[0]) for code, name in INDUSTRIES]
    ref.tables += [
        ("region", ("code", "name", "parent_id"), ref.regions),
        ("industry", ("code", "name", "parent_id"), industries),
        ("department", ("id", "name", "level", "parent_id", "region_id"), ref.departments),
    ]
    _plans(ref, codec, random.Random(seed))
    return ref
