"""Chinese labels for enum values shown on pages (the message catalog for the public site)."""

from __future__ import annotations

import datetime as dt

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
    """ISO date (string or date) → 2024年3月5日; empty for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
