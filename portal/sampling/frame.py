"""Building a task's candidate frame from the target directory, applying the exclusions.

The frame is fixed (and its digest committed) before the seed is known. Exclusions, each
candidate counted under the first rule that removes it:

Inspection history is the directory's check records plus inspection results entered
elsewhere (a result with a task counts as random, without one as case-triggered).

1. ``cap`` — already drawn/inspected at random ``yearly_cap`` times in the plan's year
   (case-triggered checks are exempt: they do not count);
2. ``higher_level`` — drawn at random this year by a department of a higher level
   (national > province > city > county), when the plan says so;
3. ``recent_clean`` — inspected within ``recent_clean_days`` with no problem found.

Strata are the internal risk grades under opaque labels (A→S1 … D→S4); membership is private.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from portal.enterprises.models import EnterpriseStatus
from portal.inspections.models import InspectionResult, ResultCode
from portal.reference.models import DepartmentLevel
from portal.sampling import draws
from portal.sampling.directory import CheckRecord, CheckTrigger, Inspector, RiskGrade, TargetProfile
from portal.sampling.records import DrawnTarget, PlanSetting

LABELS = {RiskGrade.A: "S1", RiskGrade.B: "S2", RiskGrade.C: "S3", RiskGrade.D: "S4"}
RANK = {DepartmentLevel.NATIONAL: 0, DepartmentLevel.PROVINCE: 1, DepartmentLevel.CITY: 2,
        DepartmentLevel.COUNTY: 3}
RULE_TEXT = {
    "cap": "本年度已被随机抽查达到上限（{cap} 次；案件触发的检查不计入）",
    "higher_level": "本年度已被上级部门随机抽取",
    "recent_clean": "近 {days} 天内已检查且未发现问题",
}


@dataclass(frozen=True)
class Frame:
    strata: list[draws.Stratum]
    exclusions: list[dict[str, object]]
    inspectors: list[draws.Inspector]


def ratios(setting: PlanSetting) -> dict[RiskGrade, Decimal]:
    return {RiskGrade.A: setting.ratio_a, RiskGrade.B: setting.ratio_b,
            RiskGrade.C: setting.ratio_c, RiskGrade.D: setting.ratio_d}


async def _history(year: int, since: dt.date) -> list[dict[str, object]]:
    """Checks since the earlier of 1 January and the recent-clean start: the directory's
    check records, plus inspection results entered elsewhere (with a task: random; without:
    case-triggered), except those already recorded through a draw here."""
    start = min(dt.date(year, 1, 1), since)
    rows = await CheckRecord.filter(checked_on__gte=start).values(
        "enterprise_id", "checked_on", "trigger", "problem_found", "department__level")
    entered = await DrawnTarget.filter(result_id__not_isnull=True).values_list("result_id", flat=True)
    for r in await InspectionResult.filter(inspected_on__gte=start).exclude(
            id__in=list(entered)).values("enterprise_id", "inspected_on", "task_id", "result_code",
                                         "department__level"):
        rows.append({
            "enterprise_id": r["enterprise_id"], "checked_on": r["inspected_on"],
            "trigger": CheckTrigger.RANDOM if r["task_id"] else CheckTrigger.CASE,
            "problem_found": r["result_code"] != ResultCode.NO_PROBLEM,
            "department__level": r["department__level"]})
    return rows


async def build(setting: PlanSetting, year: int, level: DepartmentLevel, today: dt.date,
                department_ids: set[int]) -> Frame:
    """The strata, exclusion counts and qualified-inspector frame for one task."""
    wanted = frozenset(t for t in setting.scope_tags.split(",") if t)
    rows = await TargetProfile.filter(enterprise__status=EnterpriseStatus.ACTIVE).values(
        "enterprise_id", "enterprise__uscc", "scope_tags", "risk_grade")
    rows = [r for r in rows if wanted <= frozenset(str(r["scope_tags"]).split(","))]
    since = today - dt.timedelta(days=setting.recent_clean_days)
    capped: Counter[int] = Counter()
    higher: set[int] = set()
    clean: set[int] = set()
    for rec in await _history(year, since):
        eid, on = int(rec["enterprise_id"]), rec["checked_on"]  # type: ignore[call-overload]
        assert isinstance(on, dt.date)
        if rec["trigger"] == CheckTrigger.RANDOM and on.year == year:
            capped[eid] += 1
            if RANK[DepartmentLevel(str(rec["department__level"]))] < RANK[level]:
                higher.add(eid)
        if setting.recent_clean_days and rec["problem_found"] is False and on >= since:
            clean.add(eid)
    counts: Counter[str] = Counter()
    members: dict[RiskGrade, list[str]] = {g: [] for g in RiskGrade}
    for r in rows:
        eid = int(r["enterprise_id"])
        if capped[eid] >= setting.yearly_cap:
            counts["cap"] += 1
        elif setting.exclude_higher_level and eid in higher:
            counts["higher_level"] += 1
        elif eid in clean:
            counts["recent_clean"] += 1
        else:
            members[RiskGrade(str(r["risk_grade"]))].append(str(r["enterprise__uscc"]))
    shares = ratios(setting)
    strata = [draws.Stratum(LABELS[g], sorted(members[g]), shares[g]) for g in RiskGrade]
    exclusions: list[dict[str, object]] = [
        {"rule": rule, "text": RULE_TEXT[rule].format(cap=setting.yearly_cap,
                                                      days=setting.recent_clean_days),
         "count": counts[rule]}
        for rule in RULE_TEXT
        if rule != "higher_level" or setting.exclude_higher_level
        if rule != "recent_clean" or setting.recent_clean_days
    ]
    people = await Inspector.filter(is_active=True, department_id__in=sorted(department_ids))
    inspectors = [draws.Inspector(p.certificate_no, p.quals) for p in people]
    return Frame(strata, exclusions, inspectors)
