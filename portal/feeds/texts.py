"""Wording of feed titles and entry summaries (the feeds' message catalogue)."""

from __future__ import annotations

from portal.core.models import NoticeAction
from portal.regulations.models import Validity
from portal.sampling.models import ItemCategory

SITE = "阳光监管门户"
OVERALL_TITLE = "阳光监管门户：最新公开信息"
OVERALL_SUBTITLE = "新发布的规章、抽查事项、抽查计划、检查结果、行政处罚、名录信息与投诉举报渠道，以及撤回、更正、修复和移出公告"
KIND_TITLE = "阳光监管门户：{label}"
KIND_SUBTITLE = "新发布的{label}，以及相关的撤回、更正、修复和移出公告"
DEPARTMENT_TITLE = "{name}：公开信息"
DEPARTMENT_SUBTITLE = "{name}发布的公开信息与公告"
ENTERPRISE_TITLE = "{name}：一企一档公开信息"
ENTERPRISE_SUBTITLE = "统一社会信用代码 {uscc} 的抽查检查结果、行政处罚、名录信息与公告"
LIST_TITLE = "{label}：列入与移出"
LIST_SUBTITLE = "列入{label}的决定、移出（含期满移出）以及相关的撤回、更正和修复公告"

NO_FEED = "没有这个订阅源。"
NO_DEPARTMENT = "未找到该监管部门。"

VALIDITY = {Validity.VALID: "有效", Validity.REPEALED: "已废止", Validity.AMENDED: "已修订"}
ITEM_CATEGORY = {ItemCategory.KEY: "重点检查事项", ItemCategory.GENERAL: "一般检查事项"}
NOTICE_ACTION = {
    NoticeAction.WITHDRAWN: "撤回公告", NoticeAction.CORRECTED: "更正公告",
    NoticeAction.REPAIRED: "信用修复公告", NoticeAction.DELISTED: "移出名录公告",
    NoticeAction.EXPIRED: "公示期满公告",
}

REGULATION = "{doc_number}；发布机关：{issuer}；发布日期：{issued_on}；效力：{validity}"
ITEM = "事项编码：{code}；{category}；实施部门：{department}"
PLAN = "{year}年度抽查计划；牵头部门：{department}；{scope}"
RESULT_TITLE = "{enterprise} 抽查检查结果：{label}"
RESULT = "统一社会信用代码 {uscc}；检查日期：{on}；检查结果：{label}；检查机关：{department}"
PENALTY_TITLE = "{enterprise} 行政处罚决定 {number}"
PENALTY = ("统一社会信用代码 {uscc}；{severity}失信行为；决定日期：{on}；违法行为：{violation}；"
           "处罚机关：{department}；公示至 {until}")
LISTING_TITLE = "{enterprise} 列入{label}"
LISTING = ("统一社会信用代码 {uscc}；列入日期：{on}；列入原因：{reason}；作出决定机关：{department}；"
           "公示至 {until}")
REMOVAL_TITLE = "{enterprise} 移出{label}"
REMOVAL = "统一社会信用代码 {uscc}；移出日期：{on}；{reason}"
CHANNEL = "{kind}：{contact}；{hours}"
NOTICE_TITLE = "{action}：{title}"
NOTICE = "{summary}；原因：{reason}"
