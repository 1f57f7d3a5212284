"""Deterministic rows for the four big tables: enterprises, inspection results, penalties, lists.

Counts at ``--scale 1.0``: 1,000,000 enterprises, 3,000,000 inspection results, 100,000
penalties and 100,000 list entries (70% 经营异常名录, 30% 严重违法失信名单). Dates spread over the
three years before the anchor date (default: today), in chronological id order like a real
system; ≈95% of rows are published (published_at 1–28 days after the event, so the most recent
ones are scheduled go-lives), the rest drafts, in review, approved or withdrawn. Display windows
come from the rule rows through :func:`portal.core.rules.window_from`, cached per (rule, day).
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Iterator
from typing import Any

from bench import words
from bench.codec import Codec
from bench.reference import PUB, Reference
from portal.core.ids import ALPHABET, make_registration_number, make_uscc
from portal.core.models import DisplayRule
from portal.core.rules import window_from

BASE_COUNTS = {
    "enterprise": 1_000_000, "inspection_result": 3_000_000, "penalty": 100_000, "list_entry": 100_000,
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprise": ("id", "uscc", "uscc_is_pilot", "reg_no", "name", "entity_type", "address",
                   "business_scope", "established_on", "status", "region_id", "industry_id"),
    "inspection_result": (*PUB, "id", "enterprise_id", "department_id", "task_id", "item_id",
                          "inspected_on", "result_code", "details", "region_code"),
    "penalty": (*PUB, "displayed_until", "repairable_from", "id", "decision_number",
                "enterprise_id", "department_id", "decided_on", "severity", "violation", "basis",
                "content", "fine_amount", "display_rule_id"),
    "list_entry": (*PUB, "displayed_until", "repairable_from", "id", "kind", "enterprise_id",
                   "department_id", "reason", "basis", "decision_number", "listed_on",
                   "removed_on", "removal_reason", "removal_department_id", "display_rule_id"),
}
USCC_REFORM = dt.date(2015, 10, 1).toordinal()  # 三证合一: older entities keep a 注册号 alias
ORG_SPACE = 31**6
ORG_STRIDE = 387_420_489  # coprime with 31**6: spreads sequential ids over the code space


def counts(scale: float) -> dict[str, int]:
    return {table: max(1, round(n * scale)) for table, n in BASE_COUNTS.items()}


def spread(first: int, last: int, total: int) -> Iterator[int]:
    """``total`` day ordinals in [first, last], ascending; weekends get 15% of a weekday."""
    days = range(first, last + 1)
    weights = [0.15 if dt.date.fromordinal(d).weekday() >= 5 else 1.0 for d in days]
    whole, acc, emitted = sum(weights), 0.0, 0
    for day, weight in zip(days, weights, strict=True):
        acc += weight
        upto = round(total * acc / whole)
        for _ in range(upto - emitted):
            yield day
        emitted = upto


class Generator:
    def __init__(self, ref: Reference, rules: list[DisplayRule], codec: Codec, scale: float,
                 seed: int) -> None:
        self.ref, self.codec, self.seed = ref, codec, seed
        self.n = counts(scale)
        self.today = ref.anchor.toordinal()
        self.first = (ref.anchor - dt.timedelta(days=3 * 365)).toordinal()
        self.rules = sorted(rules, key=lambda r: r.effective_from, reverse=True)
        self.windows: dict[tuple[int, int], tuple[Any, Any, int]] = {}
        self.county_of = array("H")  # county index of each enterprise (index 0 unused)
        self.years = {d: dt.date.fromordinal(d).year for d in range(self.first, self.today + 1)}

    def rng(self, table: str) -> random.Random:
        return random.Random(f"{self.seed}:{table}")

    def window(self, subject: str, category: str, day: int) -> tuple[Any, Any, int]:
        """(displayed_until, repairable_from, rule id): the rule in force on ``day``."""
        rule = next(r for r in self.rules if r.subject == subject and r.category == category
                    and r.effective_from.toordinal() <= day)
        key = (rule.id, day)
        if key not in self.windows:
            w = window_from(rule, dt.date.fromordinal(day))
            self.windows[key] = (self.codec.date(w.displayed_until),
                                 self.codec.date(w.repairable_from), w.rule_id)
        return self.windows[key]

    def publication(self, rng: random.Random, day: int) -> tuple[Any, Any, Any, Any]:
        r, ts = rng.random(), self.codec.ts
        if r < 0.95:
            return ("published", ts(day + rng.randint(1, 28), rng.randrange(3600, 36000),
                                    rng.randrange(1_000_000)), None, None)
        if r < 0.99:
            return (("draft", "in_review", "approved")[int((r - 0.95) * 75) % 3], None, None, None)
        published = day + rng.randint(1, 28)
        withdrawn = min(published + rng.randint(3, 90), self.today)
        return ("withdrawn", ts(published, 7200), ts(withdrawn, 9000), "信息有误，已撤回更正。")

    def enterprise_ids(self, rng: random.Random, hot_share: float) -> int:
        n = self.n["enterprise"]
        if rng.random() < hot_share:  # a frequently inspected 5% (food, pharmacies, ...)
            return rng.randint(1, max(1, n // 20))
        return rng.randint(1, n)

    def local_department(self, rng: random.Random, enterprise_id: int) -> int:
        county = self.ref.counties[self.county_of[enterprise_id]]
        r = rng.random()
        code = county.code if r < 0.8 else (county.city_code if r < 0.95 else "330000")
        return self.ref.dept_of_region[code]

    def enterprises(self) -> Iterator[tuple[Any, ...]]:
        rng, ref, codec = self.rng("enterprise"), self.ref, self.codec
        cum, total = [], 0.0
        for _ in ref.counties:
            total += rng.uniform(0.5, 3.0)
            cum.append(total)
        first_day, span = dt.date(1995, 1, 1).toordinal(), self.today - 30 - dt.date(1995, 1, 1).toordinal()
        self.county_of = array("H", [0])
        for i in range(1, self.n["enterprise"] + 1):
            c = rng.choices(range(len(ref.counties)), cum_weights=cum)[0]
            self.county_of.append(c)
            county = ref.counties[c]
            industry = rng.choice(ref.industry_classes)
            section = industry[0]
            r = rng.random()
            category, etype = ("1", "有限责任公司") if r < 0.85 else (
                ("2", "个体工商户") if r < 0.98 else ("3", "农民专业合作社"))
            k, org = (i * ORG_STRIDE) % ORG_SPACE, ""
            for _ in range(6):
                k, digit = divmod(k, 31)
                org += ALPHABET[digit]
            uscc = make_uscc("9", category, county.code, "MA" + org)
            brand = rng.choice(words.BRAND_CHARS) + rng.choice(words.BRAND_CHARS)
            trade = rng.choice(words.TRADE_BY_SECTION[section])
            if category == "1":
                form, etype = rng.choice(words.COMPANY_FORMS) if rng.random() < 0.1 else (
                    "有限公司", "有限责任公司")
                name = f"{county.city_name[:-1]}{brand}{trade}{form}"
            elif category == "2":
                name = f"{county.name}{brand}{trade}店"
            else:
                name = f"{county.name}{brand}{trade}专业合作社"
            established = first_day + int(span * rng.random() ** 0.6)
            reg_no = None
            if established < USCC_REFORM and category == "1":
                reg_no = make_registration_number(f"{county.code}{i:08d}")
            r = rng.random()
            status = "active" if r < 0.94 else ("deregistered" if r < 0.98 else "revoked")
            yield (
                i, uscc, codec.flag(False), reg_no, name, etype,
                f"浙江省{county.city_name}{county.name}{rng.choice(words.ROADS)}{rng.randint(1, 999)}号",
                words.SCOPE_BY_SECTION[section], codec.day(established), status, county.code,
                industry,
            )

    def inspection_results(self) -> Iterator[tuple[Any, ...]]:
        rng, ref, day_of = self.rng("inspection_result"), self.ref, self.codec.day
        codes = words.RESULT_CODES
        cum = [sum(c[1] for c in codes[: i + 1]) for i in range(len(codes))]
        days = spread(self.first, self.today, self.n["inspection_result"])
        for i, day in enumerate(days, start=1):
            enterprise = self.enterprise_ids(rng, 0.3)
            dept = self.local_department(rng, enterprise)
            tasks = ref.tasks_by_dept_year.get((dept, self.years[day]))
            task = rng.choice(tasks) if tasks and rng.random() < 0.9 else None
            item = rng.choice(ref.item_ids) if rng.random() < 0.9 else None
            code, _, details = codes[rng.choices(range(len(codes)), cum_weights=cum)[0]]
            region = ref.counties[self.county_of[enterprise]].code  # the enterprise's region_id
            yield (*self.publication(rng, day), i, enterprise, dept, task, item, day_of(day),
                   code, details, region)

    def penalties(self) -> Iterator[tuple[Any, ...]]:
        rng, codec = self.rng("penalty"), self.codec
        serial: dict[tuple[int, int], int] = {}
        for i, day in enumerate(spread(self.first, self.today, self.n["penalty"]), start=1):
            enterprise = self.enterprise_ids(rng, 0.4)
            dept = self.local_department(rng, enterprise)
            year = self.years[day]
            serial[dept, year] = number = serial.get((dept, year), 0) + 1
            short = self.ref.departments[dept - 1][1][:2]
            r = rng.random()
            severity = "general" if r < 0.8 else ("serious" if r < 0.92 else "warning")
            until, repair, rule_id = self.window("penalty", severity, day)
            violation, basis = rng.choice(words.VIOLATIONS)
            fen = None
            if severity == "general":
                fen = rng.randint(10, 500) * 10_000
            elif severity == "serious":
                fen = rng.randint(50, 1000) * 100_000
            content = "警告" if fen is None else f"罚款人民币{fen // 100}元"
            yield (*self.publication(rng, day), until, repair, i,
                   f"{short}市监处罚〔{year}〕{number}号", enterprise, dept, codec.day(day),
                   severity, violation, basis, content, codec.money(fen), rule_id)

    def list_entries(self) -> Iterator[tuple[Any, ...]]:
        rng, codec = self.rng("list_entry"), self.codec
        for i, day in enumerate(spread(self.first, self.today, self.n["list_entry"]), start=1):
            enterprise = self.enterprise_ids(rng, 0.0)
            dept = self.local_department(rng, enterprise)
            abnormal = rng.random() < 0.7
            kind = "abnormal" if abnormal else "serious_dishonesty"
            until, repair, rule_id = self.window("list_entry", kind, day)
            removed = None
            if rng.random() < (0.45 if abnormal else 0.1):
                later = day + (rng.randint(10, 400) if abnormal else rng.randint(365, 700))
                removed = later if later <= self.today else None
            reason = rng.choice(words.ABNORMAL_REASONS if abnormal else words.SERIOUS_REASONS)
            yield (*self.publication(rng, day), until, repair, i, kind, enterprise, dept, reason,
                   words.ABNORMAL_BASIS if abnormal else words.SERIOUS_BASIS,
                   f"浙市监{'异' if abnormal else '严'}〔{self.years[day]}〕{i}号", codec.day(day),
                   codec.day(removed), "已履行相关义务，申请移出" if removed else None,
                   dept if removed else None, rule_id)

    names = ("enterprise", "inspection_result", "penalty", "list_entry")

    def tables(self) -> list[tuple[str, Iterator[tuple[Any, ...]]]]:
        """The big tables in dependency order (enterprises first: the others need their regions)."""
        return [
            ("enterprise", self.enterprises()),
            ("inspection_result", self.inspection_results()),
            ("penalty", self.penalties()),
            ("list_entry", self.list_entries()),
        ]
