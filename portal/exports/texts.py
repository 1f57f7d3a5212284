"""Wording of the export files (their message catalogue); column headers live with the columns."""

from __future__ import annotations

TRUNCATED = ("注：符合条件的记录超过 {limit:,} 条，本文件只含按列表顺序的前 {limit:,} 条。"
             "请缩小筛选条件（如地区、日期范围）后分批下载。")
NATIONWIDE = "全国"
ACTIVE = "列入中"
REMOVED = "已移出"
LIST_SEPARATOR = "、"

NO_SITEMAP = "没有这个站点地图。"

BAD_FILTER = "筛选条件“{name}”无效。"
UNKNOWN_FILTER = "不支持筛选条件“{name}”。"
