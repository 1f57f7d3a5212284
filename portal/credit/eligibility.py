"""Whether one record may go to credit repair today, with the reasons in plain words.

Pure: give it the record, its rule row, the open application (if any) and the day. The checks,
in order (docs/credit-repair.md):

1. already repaired; 2. not displayed at all (rule ``max_months`` 0, e.g. warnings only);
3. excluded in law (rule ``min_months`` null, or an exclusion recorded on the penalty);
4. display period already over; 5. minimum display period not yet passed (``repairable_from``);
6. an application already open. Obligations (fines) are a *requirement*, not a refusal: if the
payment is not on record, the application must carry proof of payment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portal.credit.models import Penalty
from portal.credit.records import RecordRef
from portal.credit.repair_models import RepairApplication

STATE_LABELS = {"submitted": "已提交，待受理", "returned": "退回补正", "accepted": "已受理，审核中",
                "reviewed": "审核完毕，待决定", "approved": "准予修复", "refused": "不予修复"}


def cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[Reason, ...]  # why not (empty when eligible)
    requirements: tuple[Reason, ...] = field(default=())  # what the application must carry
    repairable_from: dt.date | None = None
    displayed_until: dt.date | None = None
    regime: str = ""

    @property
    def requires_proof(self) -> bool:
        return any(r.code == "proof_of_payment" for r in self.requirements)


def check(record: RecordRef, today: dt.date, open_application: RepairApplication | None = None
          ) -> Eligibility:
    row, rule = record.row, record.rule
    reasons: list[Reason] = []
    requirements: list[Reason] = []
    regime = rule.regime if rule else ""
    if row.repaired_at is not None:
        reasons.append(Reason("already_repaired", "该记录已准予信用修复，已停止公示，无需再次申请。"))
    elif rule is not None and rule.max_months <= 0:
        reasons.append(Reason("not_displayed", f"依据{regime}，此类信息不予公示，无需申请信用修复。"))
    elif rule is not None and rule.min_months is None:
        reasons.append(Reason("excluded_by_rule", f"依据{regime}，此类信息依法不适用信用修复。"))
    elif isinstance(row, Penalty) and row.repair_exclusion:
        reasons.append(Reason("excluded_by_law", f"依法不得修复：{row.repair_exclusion}"))
    elif row.displayed_until is not None and row.displayed_until < today:
        reasons.append(Reason("window_over",
                              f"公示期已于{cn(row.displayed_until)}届满，该记录已不再公示，无需申请修复。"))
    elif row.repairable_from is None:
        reasons.append(Reason("no_repair_date", "该记录没有可申请修复日期，暂不能申请信用修复。"))
    elif today < row.repairable_from:
        wait = (row.repairable_from - today).days
        reasons.append(Reason(
            "too_early",
            f"最短公示期尚未届满：可申请修复日期为{cn(row.repairable_from)}，还需等待{wait}天。"
            f"（依据{regime}，最短公示{rule.min_months if rule else '?'}个月）",
        ))
    if not reasons and open_application is not None:
        label = STATE_LABELS.get(open_application.state.value, open_application.state.value)
        reasons.append(Reason("open_application",
                              f"该记录已有一份正在办理的修复申请（{label}），请勿重复申请。"))
    if isinstance(row, Penalty) and row.fine_amount and row.fine_paid_on is None:
        requirements.append(Reason(
            "proof_of_payment", "系统中尚无罚款缴清记录：申请时须上传罚款缴纳凭证（履行完毕证明）。"))
    requirements.append(Reason("commitment", "须签署信用承诺书（承诺所填信息真实、已整改到位、不再发生同类违法行为）。"))
    return Eligibility(not reasons, tuple(reasons), tuple(requirements), row.repairable_from,
                       row.displayed_until, regime)
