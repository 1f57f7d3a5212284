"""Administrative penalties and the two lists (经营异常名录 / 严重违法失信名单) of the demo.

Decision dates are spread so that most records are inside their display window today and some
have expired; windows come from the rule table through :func:`portal.core.rules.compute_window`.
Records follow from the inspections where that is how it happens: a result "发现问题待后续处理"
leads to a penalty, "无法联系"/"未按规定公示"/"弄虚作假" to an abnormal-list entry, a revoked
licence to a serious penalty, and serious penalties or three years on the abnormal list to the
serious-dishonesty list.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.core.models import RuleSubject
from portal.core.publication import PublicationState
from portal.core.rules import compute_window
from portal.credit.models import ListEntry, ListKind, Penalty, Severity
from portal.demo.catalogue import (
    FRAUDULENT_REGISTRATION,
    VIOLATIONS,
    WARNING_ONLY,
    Violation,
    matches,
)
from portal.demo.common import Ctx, Ent, rng
from portal.demo.places import PLACE_BY_REGION, UPPER_ABBR
from portal.enterprises.models import EnterpriseStatus
from portal.inspections.models import InspectionResult, ResultCode

PENALTIES = 420


class Numbers:
    """Decision numbers per department and year, in date order: 义市监处罚〔2025〕123号."""

    def __init__(self, rnd: random.Random, ctx: Ctx) -> None:
        self.rnd, self.ctx = rnd, ctx
        self.next: dict[tuple[int, int, str], int] = defaultdict(lambda: rnd.randint(1, 30))

    def take(self, dept_id: int, day: dt.date, kind: str) -> str:
        region = self.ctx.dept_region[dept_id]
        place = PLACE_BY_REGION.get(region)
        abbr = place.abbr if place else UPPER_ABBR.get(region, "")
        key = (dept_id, day.year, kind)
        number = self.next[key]
        self.next[key] += self.rnd.randint(1, 6)
        return f"{abbr}市监{kind}〔{day.year}〕{number}号"


async def _window(subject: RuleSubject, category: str, start: dt.date) -> dict[str, object]:
    window = await compute_window(subject, category, start)
    return {"displayed_until": window.displayed_until, "repairable_from": window.repairable_from,
            "display_rule_id": window.rule_id}


def _dept(ctx: Ctx, rnd: random.Random, ent: Ent) -> int:
    if rnd.random() < 0.1:  # a case handled by the city bureau
        return ctx.market_dept_for(ent.region[:4] + "00")
    return ctx.market_dept_for(ent.region)


def _fine(rnd: random.Random, violation: Violation) -> Decimal | None:
    low, high = violation.fines
    return Decimal(rnd.randrange(low, high + 1, 100)) if high else None


async def build_penalties(ctx: Ctx, results: list[InspectionResult]) -> list[Penalty]:
    rnd = rng("penalties")
    by_id = {e.id: e for e in ctx.enterprises}
    cases: list[tuple[Ent, dt.date, Severity, Violation]] = []
    for result in results:  # findings passed on for follow-up
        decided = result.inspected_on + dt.timedelta(days=rnd.randint(20, 90))
        if result.result_code is ResultCode.PENDING_FOLLOW_UP and decided < ctx.today:
            ent = by_id[result.enterprise_id]  # type: ignore[attr-defined]
            cases.append((ent, decided, Severity.GENERAL, _violation(rnd, ent, VIOLATIONS)))
    for ent in ctx.enterprises:
        if ent.status is EnterpriseStatus.REVOKED:
            cases.append((ent, ctx.days_ago(rnd.randint(30, 1000)), Severity.SERIOUS, FRAUDULENT_REGISTRATION))
    active = [e for e in ctx.enterprises if e.status is EnterpriseStatus.ACTIVE]
    while len(cases) < PENALTIES:
        ent = rnd.choice(active)
        roll = rnd.random()
        if roll < 0.15:
            cases.append((ent, ctx.days_ago(rnd.randint(3, 400)), Severity.WARNING,
                          _violation(rnd, ent, WARNING_ONLY)))
        elif roll < 0.3:
            cases.append((ent, ctx.days_ago(rnd.randint(10, 1200)), Severity.SERIOUS,
                          _violation(rnd, ent, VIOLATIONS)))
        else:
            cases.append((ent, ctx.days_ago(rnd.randint(3, 420)), Severity.GENERAL,
                          _violation(rnd, ent, VIOLATIONS)))
    cases = [c for c in cases if c[1] >= c[0].established_on]
    cases.sort(key=lambda c: (c[1], c[0].id))
    numbers = Numbers(rnd, ctx)
    rows = []
    for ent, decided, severity, violation in cases:
        dept = _dept(ctx, rnd, ent)
        fine = _fine(rnd, violation)
        publication = ctx.publication(rnd, decided, lag=(1, 7), unpublished=0.03)
        row = Penalty(
            decision_number=numbers.take(dept, decided, "处罚"), enterprise_id=ent.id,
            department_id=dept, decided_on=decided, severity=severity, violation=violation.text,
            basis=violation.basis, content=violation.content.format(fine=f"{fine:.0f}" if fine else ""),
            fine_amount=fine, **publication,
            **await _window(RuleSubject.PENALTY, severity.value, decided),
        )
        rows.append(row)
    published = [r for r in rows if r.published_at and r.severity is Severity.GENERAL]
    for row in rnd.sample(published, min(2, len(published))):
        _withdraw(ctx, rnd, row)
    await Penalty.bulk_create(rows, batch_size=1000)
    ctx.counts["行政处罚"] = len(rows)
    return rows


def _violation(rnd: random.Random, ent: Ent, pool: tuple[Violation, ...]) -> Violation:
    return rnd.choice([v for v in pool if matches(ent.industry, v.targets)])


def _withdraw(ctx: Ctx, rnd: random.Random, row: Penalty) -> None:
    """A decision set aside on review: withdrawn with a public notice, never deleted."""
    if row.published_at is None:
        return
    moment = min(row.published_at + dt.timedelta(days=rnd.randint(20, 60)), ctx.now)
    if moment > row.published_at:
        row.publication_state = PublicationState.WITHDRAWN
        row.withdrawn_at = moment
        row.withdrawal_reason = "该行政处罚决定已被行政复议机关撤销，撤回公示。"


_ABNORMAL = {  # result code → (reason, basis, removal reason, share removed)
    "annual": ("未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
               "《企业经营异常名录管理暂行办法》第四条第（一）项",
               "已补报未报年份的年度报告并公示，依据《企业经营异常名录管理暂行办法》第十一条申请移出", 0.4),
    ResultCode.NOT_DISCLOSED: ("未在责令的期限内公示有关企业信息", "《企业经营异常名录管理暂行办法》第四条第（二）项",
                               "已履行公示义务，依据《企业经营异常名录管理暂行办法》第十二条申请移出", 0.4),
    ResultCode.FALSIFIED: ("公示企业信息隐瞒真实情况、弄虚作假", "《企业经营异常名录管理暂行办法》第四条第（三）项",
                           "已更正公示信息，依据《企业经营异常名录管理暂行办法》第十三条申请移出", 0.3),
    ResultCode.UNREACHABLE: ("通过登记的住所或者经营场所无法联系", "《企业经营异常名录管理暂行办法》第四条第（四）项",
                             "已依法办理住所变更登记，依据《企业经营异常名录管理暂行办法》第十四条申请移出", 0.25),
}
_SERIOUS_BASIS = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"


@dataclass
class Listing:
    kind: ListKind
    ent: Ent
    listed_on: dt.date
    reason: str
    basis: str
    removed_on: dt.date | None = None
    removal_reason: str | None = None


def _listing(ctx: Ctx, rnd: random.Random, kind: ListKind, ent: Ent, listed: dt.date,
             reason: str, basis: str, removal: str = "", share: float = 0.0) -> Listing:
    """A listing, removed later with probability ``share`` (serious: after at least a year)."""
    entry = Listing(kind, ent, listed, reason, basis)
    if kind is ListKind.SERIOUS_DISHONESTY:
        removal = "列入满一年，已履行行政处罚决定规定的义务并纠正违法行为，经申请提前移出"
        removed, share = listed + dt.timedelta(days=rnd.randint(366, 700)), 0.15
    else:
        removed = listed + dt.timedelta(days=rnd.randint(15, 500))
    if rnd.random() < share and removed < ctx.today:
        entry.removed_on, entry.removal_reason = removed, removal
    return entry


async def build_list_entries(ctx: Ctx, results: list[InspectionResult], penalties: list[Penalty]) -> int:
    rnd = rng("lists")
    by_id = {e.id: e for e in ctx.enterprises}
    listings: list[Listing] = []
    abnormal = ListKind.ABNORMAL
    candidates = [e for e in ctx.enterprises if e.status is not EnterpriseStatus.DEREGISTERED]
    for years_back in (4, 3, 2, 1, 0):  # missed annual reports, listed in July
        year = ctx.today.year - years_back
        for ent in rnd.sample(candidates, len(candidates) // 40):
            listed = dt.date(year, 7, rnd.randint(1, 20))
            if ent.established_on.year < year - 1 and listed < ctx.today:
                listings.append(_listing(ctx, rnd, abnormal, ent, listed, *_ABNORMAL["annual"]))
    for result in results:
        if result.result_code in _ABNORMAL:
            listed = result.inspected_on + dt.timedelta(days=rnd.randint(10, 40))
            if listed < ctx.today:
                ent = by_id[result.enterprise_id]  # type: ignore[attr-defined]
                listings.append(_listing(ctx, rnd, abnormal, ent, listed, *_ABNORMAL[result.result_code]))
    for entry in list(listings):  # three years on the abnormal list without remedy
        later = entry.listed_on + relativedelta(years=3) + dt.timedelta(days=rnd.randint(1, 30))
        if entry.removed_on is None and later < ctx.today and rnd.random() < 0.5:
            listings.append(_listing(ctx, rnd, ListKind.SERIOUS_DISHONESTY, entry.ent, later,
                                     "被列入经营异常名录届满3年仍未履行相关义务", _SERIOUS_BASIS))
    for penalty in penalties:
        listed = penalty.decided_on + dt.timedelta(days=rnd.randint(15, 60))
        if penalty.severity is Severity.SERIOUS and listed < ctx.today and rnd.random() < 0.4:
            ent = by_id[penalty.enterprise_id]  # type: ignore[attr-defined]
            listings.append(_listing(
                ctx, rnd, ListKind.SERIOUS_DISHONESTY, ent, listed,
                f"{penalty.violation}，受到较重行政处罚（{penalty.decision_number}）", _SERIOUS_BASIS))
    listings.sort(key=lambda e: (e.listed_on, e.ent.id, e.kind.value))
    numbers = Numbers(rnd, ctx)
    rows = []
    for entry in listings:
        dept = ctx.market_dept_for(entry.ent.region)
        rows.append(ListEntry(
            kind=entry.kind, enterprise_id=entry.ent.id, department_id=dept, reason=entry.reason,
            basis=entry.basis, listed_on=entry.listed_on,
            decision_number=numbers.take(dept, entry.listed_on, "列异" if entry.kind is abnormal else "列严"),
            removed_on=entry.removed_on, removal_reason=entry.removal_reason,
            removal_department_id=dept if entry.removed_on else None,
            **ctx.publication(rnd, entry.listed_on, lag=(1, 5), unpublished=0.03),
            **await _window(RuleSubject.LIST_ENTRY, entry.kind.value, entry.listed_on),
        ))
    await ListEntry.bulk_create(rows, batch_size=1000)
    ctx.counts["名录记录"] = len(rows)
    return len(rows)
