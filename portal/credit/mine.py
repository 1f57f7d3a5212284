"""「我的信用记录」: everything about the logged-in user's own enterprise, public or not yet.

Only ever for a verified :class:`EnterpriseActor`, and only its ``enterprise_id``: nothing here
takes an enterprise id from the caller. A constant number of queries whatever the record count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from portal.core import clock
from portal.core.actors import Actor
from portal.core.models import DisplayRule
from portal.credit import clocks, eligibility, records
from portal.credit.models import ListEntry, Penalty
from portal.credit.queries import public_list_entries, public_penalties
from portal.credit.repair_models import (
    Objection,
    RepairApplication,
    Statement,
)
from portal.credit.workflow import OPEN_STATES
from portal.enterprise_accounts.principals import require_bound
from portal.enterprises.models import Enterprise
from portal.inspections.models import InspectionResult


@dataclass
class MyRecord:
    ref: records.RecordRef
    public: bool  # shown to the public right now
    verdict: eligibility.Eligibility
    applications: list[RepairApplication] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)

    @property
    def rule(self) -> DisplayRule | None:
        return self.ref.rule


@dataclass
class MyOverview:
    enterprise: Enterprise
    records: list[MyRecord]
    year: int
    random_checks: int  # random (双随机) checks this year
    case_checks: int  # other checks this year (not counted against the cap)
    yearly_cap: int
    cap_source: str


def _key(kind: str, record_id: int) -> tuple[str, int]:
    return kind, record_id


async def overview(actor: Actor) -> MyOverview:
    me = require_bound(actor)
    today = clock.today()
    enterprise = await Enterprise.get(id=me.enterprise_id)
    penalties = await Penalty.filter(enterprise_id=me.enterprise_id).select_related("display_rule")
    entries = await ListEntry.filter(enterprise_id=me.enterprise_id).select_related("display_rule")
    shown_penalties = await public_penalties(enterprise_id=me.enterprise_id).values_list(
        "id", flat=True)
    shown_entries = await public_list_entries(enterprise_id=me.enterprise_id).values_list(
        "id", flat=True)
    public: set[tuple[str, int]] = {("penalty", cast(int, i)) for i in shown_penalties}
    public |= {("list_entry", cast(int, i)) for i in shown_entries}
    apps = await RepairApplication.filter(enterprise_id=me.enterprise_id).prefetch_related("steps")
    statements = await Statement.filter(enterprise_id=me.enterprise_id)
    objections = await Objection.filter(enterprise_id=me.enterprise_id)
    by_record: dict[tuple[str, int], MyRecord] = {}
    rows: list[MyRecord] = []
    refs = [records.RecordRef("penalty", p, p.display_rule) for p in penalties]
    refs += [records.RecordRef("list_entry", e, e.display_rule) for e in entries]
    open_apps = {_key(a.record_kind, a.record_id): a for a in apps if a.state in OPEN_STATES}
    for ref in refs:
        key = _key(ref.kind, ref.id)
        item = MyRecord(ref, key in public, eligibility.check(ref, today, open_apps.get(key)))
        by_record[key] = item
        rows.append(item)
    for app in apps:
        if (found := by_record.get(_key(app.record_kind, app.record_id))) is not None:
            found.applications.append(app)
    for st in statements:
        if (found := by_record.get(_key(st.record_kind, st.record_id))) is not None:
            found.statements.append(st)
    for ob in objections:
        if (found := by_record.get(_key(ob.record_kind, ob.record_id))) is not None:
            found.objections.append(ob)
    start = dt.date(today.year, 1, 1)
    this_year = InspectionResult.filter(enterprise_id=me.enterprise_id, inspected_on__gte=start,
                                        inspected_on__lte=today)
    random_checks = await this_year.filter(task_id__isnull=False).count()
    case_checks = await this_year.filter(task_id__isnull=True).count()
    cap = await clocks.limit(clocks.YEARLY_CHECKS, today)
    return MyOverview(enterprise, rows, today.year, random_checks, case_checks, cap.value, cap.source)
