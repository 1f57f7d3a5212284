"""The tip message catalogue and rule data: categories, outcomes, clocks, refusal grounds.

Clocks and refusal grounds are *data*: :data:`DEFAULT_RULES` and :data:`DEFAULT_GROUNDS` seed the
``tip_rule`` / ``tip_refusal_ground`` tables (see :func:`portal.tips.clocks.ensure_rules`), where
staff may add a row with a later ``effective_from`` (e.g. SAMR Order 121) without a code change.
"""

from __future__ import annotations

import datetime as dt

from portal.tips.models import TipKind, TrackState

KIND_LABELS = {TipKind.REPORT: "举报", TipKind.COMPLAINT: "投诉"}

STATE_LABELS = {
    TrackState.REGISTERED: "登记", TrackState.ACCEPTED: "受理", TrackState.REFUSED: "不予受理",
    TrackState.ASSIGNED: "分办", TrackState.INVESTIGATING: "调查", TrackState.MEDIATING: "调解",
    TrackState.HANDLED: "处理", TrackState.FEEDBACK: "反馈", TrackState.CLOSED: "办结",
}

CATEGORIES = {
    "food": "食品安全",
    "drugs": "药品医疗器械化妆品",
    "product_quality": "产品质量",
    "special_equipment": "特种设备",
    "pricing": "价格收费",
    "advertising": "虚假广告",
    "unfair_competition": "不正当竞争",
    "consumer_rights": "消费者权益",
    "registration": "登记注册与信息公示",
    "measurement": "计量与标准",
    "other": "其他",
}

# Outcomes recorded at 处理; complaint outcomes are what a published complaint shows.
OUTCOMES = {
    TipKind.COMPLAINT: {
        "mediated": "调解成功",
        "mediation_failed": "调解不成，终止调解",
        "withdrawn": "投诉人撤回投诉",
        "transferred_case": "发现违法线索，转为案件处理",
    },
    TipKind.REPORT: {
        "case_opened": "立案调查",
        "no_case": "经核查不予立案",
        "transferred": "移送其他机关处理",
        "no_violation": "未发现违法行为",
    },
}

# (key, effective_from, working days, regime, note)
DEFAULT_RULES: list[tuple[str, dt.date, int, str, str]] = [
    ("accept", dt.date(2019, 12, 1), 7, "市场监督管理投诉举报处理暂行办法（总局令第20号）第十四条",
     "收到投诉、举报之日起7个工作日内作出受理或者不予受理的决定（待核实）"),
    ("verify", dt.date(2019, 12, 1), 15, "市场监督管理行政处罚程序规定",
     "举报：自收到之日起15个工作日内核查并决定是否立案（待核实）"),
    ("verify_extension", dt.date(2019, 12, 1), 15, "市场监督管理行政处罚程序规定",
     "特殊情况经批准可延长15个工作日（待核实）"),
    ("mediation", dt.date(2019, 12, 1), 45, "市场监督管理投诉举报处理暂行办法（总局令第20号）第二十六条",
     "自投诉受理之日起45个工作日内未能达成调解协议的，终止调解（待核实）"),
]
DUE_SOON_WORKDAYS = 3  # "due soon" = due within this many working days

# (code, kind, label, basis)
DEFAULT_GROUNDS: list[tuple[str, str, str, str]] = [
    ("out_of_scope", "both", "不属于市场监督管理部门职责，或者本行政机关不具有处理权限",
     "总局令第20号第十五条第一项"),
    ("handled_elsewhere", "complaint",
     "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会等已经受理或者处理过同一争议",
     "总局令第20号第十五条第二项"),
    ("not_consumer", "complaint",
     "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议",
     "总局令第20号第十五条第三项"),
    ("time_barred", "complaint", "投诉人知道或者应当知道权益受到侵害之日起超过三年",
     "总局令第20号第十五条第四项"),
    ("missing_material", "complaint", "未提供投诉人、被投诉人信息和具体投诉请求、事实等必要材料",
     "总局令第20号第十五条第五项"),
    ("no_clue", "report", "举报内容不具体，无法据以核查的违法线索", "总局令第20号第三十一条"),
    ("repeated", "report", "对已处理的同一举报再次举报，且未提供新的事实、证据",
     "总局令第20号第三十二条"),
    ("other_law", "both", "法律、法规、规章规定不予受理的其他情形", "总局令第20号第十五条第六项"),
]
