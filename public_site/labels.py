"""Chinese labels for enum values shown on pages (the message catalog for the public site)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")

RESULT_CODE = {
    "NO_PROBLEM": "未发现问题",
    "CORRECTED": "发现问题已责令改正",
    "PENDING_FOLLOW_UP": "发现问题待后续处理",
    "NOT_DISCLOSED": "未按规定公示应当公示的信息",
    "FALSIFIED": "公示信息隐瞒真实情况弄虚作假",
    "UNREACHABLE": "通过登记的住所（经营场所）无法联系",
    "OBSTRUCTED": "不配合检查情节严重",
    "NO_ACTIVITY": "未发现开展本次抽查涉及的经营活动",
    "CLOSED": "已注销/已吊销",
}
SEVERITY = {"GENERAL": "一般", "SERIOUS": "严重", "WARNING": "警告"}
LIST_KIND = {"ABNORMAL": "经营异常名录", "SERIOUS_DISHONESTY": "严重违法失信名单"}
LIST_KIND_SLUG = {"abnormal": "ABNORMAL", "serious-dishonesty": "SERIOUS_DISHONESTY"}
VALIDITY = {"VALID": "有效", "REPEALED": "已废止", "AMENDED": "已修订"}
ITEM_CATEGORY = {"KEY": "重点检查事项", "GENERAL": "一般检查事项"}
PROGRESS = {"PLANNED": "未开始", "IN_PROGRESS": "实施中", "COMPLETED": "已完成"}
CHANNEL_KIND = {"HOTLINE": "热线电话", "WEB": "网络平台", "MAIL": "信件", "IN_PERSON": "现场"}
ENTERPRISE_STATUS = {"ACTIVE": "存续", "DEREGISTERED": "注销", "REVOKED": "吊销"}
DEPARTMENT_LEVEL = {"NATIONAL": "国家级", "PROVINCE": "省级", "CITY": "市级", "COUNTY": "县级"}


def cn_date(value: object) -> str:
    """ISO date or datetime (string or object) → 2024年3月5日 (China time); empty for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (dt.datetime.fromisoformat(value) if len(value) > 10
                     else dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.astimezone(CST).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)

# Filter values that can be chosen in forms (warnings are never displayed, so not offered).
SEVERITY_SHOWN = {"GENERAL": "一般", "SERIOUS": "严重"}
LIST_KIND_TITLE = {"ABNORMAL": "经营异常名录", "SERIOUS_DISHONESTY": "严重违法失信名单"}
LIST_KIND_SLUG_OF = {v: k for k, v in LIST_KIND_SLUG.items()}
YES_NO = {"yes": "是", "no": "否"}
ACTIVE = {"yes": "列入中", "no": "已移出"}

# Form field labels, by URL parameter (the same text labels the input and names it in messages).
FIELD = {
    "title": "标题关键词",
    "name": "名称关键词",
    "item": "事项名称",
    "region": "行政区划代码",
    "industry": "行业代码",
    "department": "监管部门",
    "validity": "效力状态",
    "category": "事项类别",
    "result": "检查结果",
    "severity": "处罚类别",
    "active": "是否仍在名录中",
    "year": "年度",
    "from": "起始日期",
    "to": "结束日期",
    "issued_from": "发布日期（起）",
    "issued_to": "发布日期（止）",
    "decided_from": "决定日期（起）",
    "decided_to": "决定日期（止）",
    "inspected_from": "检查日期（起）",
    "inspected_to": "检查日期（止）",
    "listed_from": "列入日期（起）",
    "listed_to": "列入日期（止）",
}
HINT = {
    "region": "6位数字，如 330782；省、市代码包含下辖地区",
    "industry": "门类字母加数字，如 F 或 F5211",
    "year": "四位年份，如 2025",
}
ANY = "全部"

# Messages for bad filter values; {label} is the field label, {value} what was typed.
MESSAGES = {
    "too_long": "{label}过长（最多{max}个字）。",
    "region": "{label}“{value}”无效：应为6位数字（GB/T 2260），例如 330782。",
    "industry": "{label}“{value}”无效：应为门类字母加数字，例如 C 或 C1391（GB/T 4754）。",
    "date": "{label}“{value}”不是有效日期，请按“年-月-日”填写，例如 2025-03-01。",
    "year": "{label}“{value}”无效：应为1990至2100之间的四位年份，例如 2025。",
    "choice": "{label}的取值“{value}”无效，请从列表中选择。",
}

NOT_FOUND = {
    "regulation": "未找到该规章或规范性文件，或尚未公开。",
    "samplingPlan": "未找到该抽查计划，或尚未公开。",
    "samplingDraw": "该抽查任务尚未公开，或尚未公布抽查名录和随机种子承诺。",
    "penalty": "未找到该行政处罚信息，或尚未公开、已过公示期。",
    "listEntry": "未找到该名录信息，或尚未公开、已过公示期。",
    "enterprise": "未找到该市场主体。",
    "list": "没有这种名录。",
}


def message(key: str, **values: object) -> str:
    return MESSAGES[key].format(**values)


def money(value: float | None) -> str:
    """1234.5 → 1,234.50 元; empty for None."""
    return "" if value is None else f"{value:,.2f} 元"


def percent(value: float | None) -> str:
    """5.0 → 5%; 2.5 → 2.5%; empty for None."""
    return "" if value is None else f"{value:g}%"

# Pages for HTTP errors raised without a message of our own.
HTTP_STATUS = {
    400: "请求有误，请检查后重试。",
    405: "不支持该请求方法。",
    413: "请求内容过大。",
    429: "请求过于频繁，请稍后再试。",
}

# Enterprise self-service and credit repair (issue 7).
PUBLICATION_STATE = {"draft": "草稿", "in_review": "审核中", "legal_review": "法制审核中",
                     "approved": "已审核待发布", "published": "已发布", "withdrawn": "已撤回"}
REPAIR_STATE = {"submitted": "已提交，待受理", "returned": "退回补正", "accepted": "已受理，审核中",
                "reviewed": "审核完毕，待决定", "approved": "准予修复", "refused": "不予修复"}
STATEMENT_STATE = {"pending": "待审核", "approved": "已公开显示", "rejected": "未通过审核"}
OBJECTION_STATE = {"submitted": "待处理", "upheld": "异议成立", "rejected": "异议不成立"}
