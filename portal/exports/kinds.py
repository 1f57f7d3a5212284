"""What each public list exports: its public selector, the filters it takes, its columns.

Rows come only from the kind's public selector in ``portal/<domain>/queries.py`` (published,
live, inside the display window, not repaired), and related rows only through the public
lookups, so an export never shows more than the list page. Record rows hold the redacted public
text only (docs/publication.md), so what is exported is what the page shows. Codes become
their Chinese labels; dates stay dates (ISO in CSV); enterprises are named with their code.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.queryset import QuerySet

from portal.channels import queries as channels
from portal.channels.documents import KIND_LABELS as CHANNEL_KINDS
from portal.channels.models import ChannelKind
from portal.credit import queries as credit
from portal.credit.documents import SEVERITY_LABELS
from portal.credit.models import ListKind, Severity
from portal.enterprises.queries import enterprises_by_ids
from portal.exports import texts
from portal.exports.cells import Cell
from portal.exports.filters import Coerce, choice, date, flag, record_id, text, year
from portal.inspections import queries as inspections
from portal.inspections.models import RESULT_LABELS, ResultCode
from portal.reference.queries import departments_by_ids, regions_by_codes
from portal.regulations import queries as regulations
from portal.regulations.documents import VALIDITY_LABELS
from portal.regulations.models import Validity
from portal.sampling import queries as sampling
from portal.sampling.documents import CATEGORY_LABELS, PROGRESS_LABELS
from portal.sampling.models import ItemCategory

Related = dict[str, dict[Any, Any]]
Value = Callable[[Any, Related], Cell]
Loader = Callable[[Sequence[Any]], Awaitable[dict[Any, Any]]]


@dataclass(frozen=True)
class Column:
    header: str
    value: Value
    width: int = 14  # XLSX column width, in characters


@dataclass(frozen=True)
class ExportKind:
    """One public list as a file. ``slug`` names the file (ASCII), ``title`` the sheet and the
    Chinese file name; ``order`` is the list page's order and ends with a unique key."""

    slug: str
    title: str
    select: Callable[..., QuerySet[Any]]
    order: list[str]
    filters: Mapping[str, Coerce]
    columns: tuple[Column, ...]
    loaders: Mapping[str, Loader] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    async def related(self, rows: Sequence[Any]) -> Related:
        """Everything the columns name, for one batch: one lookup per relation."""
        return {name: await load(rows) for name, load in self.loaders.items()}


# --- lookups of related rows (each one query per batch, or none from the reference cache) ---

def _by(attr: str, fetch: Callable[[list[Any]], Awaitable[Sequence[Any]]]) -> Loader:
    async def load(rows: Sequence[Any]) -> dict[Any, Any]:
        keys = sorted({key for row in rows if (key := getattr(row, attr)) is not None})
        if not keys:
            return {}
        return {k: v for k, v in zip(keys, await fetch(keys), strict=True) if v is not None}

    return load


async def _participants(plans: Sequence[Any]) -> dict[int, str]:
    """Plan id → its participating departments' names (联合抽查)."""
    ids = [p.id for p in plans]
    per_plan = await sampling.participants_for_plans(ids)
    wanted = sorted({d for group in per_plan for d in group})
    names = {d.id: d.name for d in await departments_by_ids(wanted) if d is not None}
    return {pid: texts.LIST_SEPARATOR.join(names[d] for d in group if d in names)
            for pid, group in zip(ids, per_plan, strict=True)}


ENTERPRISES = {"enterprise": _by("enterprise_id", enterprises_by_ids)}
DEPARTMENTS = {"department": _by("department_id", departments_by_ids)}


# --- column values --------------------------------------------------------------------------

def attr(name: str) -> Value:
    return lambda row, rel: getattr(row, name)


def label(name: str, labels: Mapping[Any, str]) -> Value:
    return lambda row, rel: labels.get(getattr(row, name), "")


def related(kind: str, key: str, name: str = "name", default: str = "") -> Value:
    """An attribute of a related row (``rel[kind][row.key].name``); ``default`` when none."""
    def value(row: Any, rel: Related) -> Cell:
        found = rel[kind].get(getattr(row, key))
        return default if found is None else getattr(found, name)

    return value


def _list_status(row: Any, rel: Related) -> Cell:
    return texts.ACTIVE if credit.is_active(row) else texts.REMOVED


ENTERPRISE_COLUMNS = (
    Column("市场主体名称", related("enterprise", "enterprise_id"), 30),
    Column("统一社会信用代码", related("enterprise", "enterprise_id", "uscc"), 22),
)
WINDOW_COLUMNS = (
    Column("公示至", attr("displayed_until"), 12),
    Column("可申请信用修复日期", attr("repairable_from"), 12),
)


# --- the kinds ------------------------------------------------------------------------------

def _list_kind(slug: str, kind: ListKind, title: str) -> ExportKind:
    return ExportKind(
        slug, title, functools.partial(credit.public_list_entries, kind=kind), credit.LIST_ORDER,
        filters={"region": text, "industry": text, "department_id": record_id,
                 "enterprise_id": record_id, "active": flag, "date_from": date, "date_to": date},
        columns=(
            *ENTERPRISE_COLUMNS,
            Column("列入原因", attr("reason"), 40),
            Column("列入依据", attr("basis"), 30),
            Column("决定书文号", attr("decision_number"), 24),
            Column("列入日期", attr("listed_on"), 12),
            Column("作出决定机关", related("department", "department_id"), 24),
            Column("状态", _list_status, 8),
            Column("移出日期", attr("removed_on"), 12),
            Column("移出原因", attr("removal_reason"), 30),
            *WINDOW_COLUMNS,
        ),
        loaders={**ENTERPRISES, **DEPARTMENTS},
    )


KINDS: dict[str, ExportKind] = {k.slug: k for k in (
    ExportKind(
        "regulations", "规章制度", regulations.public_regulations, regulations.ORDER,
        filters={"title": text, "region": text, "validity": choice(Validity),
                 "department_id": record_id, "issued_from": date, "issued_to": date},
        columns=(
            Column("标题", attr("title"), 50),
            Column("文号", attr("doc_number"), 22),
            Column("发布机关", attr("issuer"), 24),
            Column("行政区划", related("region", "region_id"), 12),
            Column("发布日期", attr("issued_on"), 12),
            Column("施行日期", attr("effective_on"), 12),
            Column("效力状态", label("validity", VALIDITY_LABELS), 10),
        ),
        loaders={"region": _by("region_id", regions_by_codes)},
    ),
    ExportKind(
        "inspection-items", "随机抽查事项清单", sampling.public_items, sampling.ITEM_ORDER,
        filters={"department_id": record_id, "category": choice(ItemCategory), "name": text},
        columns=(
            Column("事项编码", attr("code"), 16),
            Column("事项名称", attr("name"), 30),
            Column("事项类别", label("category", CATEGORY_LABELS), 14),
            Column("检查对象", attr("target_type"), 20),
            Column("检查依据", attr("legal_basis"), 40),
            Column("检查方式", attr("method"), 16),
            Column("抽查比例", attr("ratio"), 12),
            Column("抽查频次", attr("frequency"), 12),
            Column("实施部门", related("department", "department_id"), 24),
        ),
        loaders=DEPARTMENTS,
    ),
    ExportKind(
        "sampling-plans", "抽查计划", sampling.public_plans, sampling.PLAN_ORDER,
        filters={"year": year, "department_id": record_id},
        columns=(
            Column("年度", attr("year"), 8),
            Column("计划名称", attr("name"), 36),
            Column("牵头部门", related("lead", "lead_department_id"), 24),
            Column("参与部门", lambda row, rel: rel["participants"].get(row.id, ""), 36),
            Column("抽查范围", attr("scope"), 36),
            Column("抽查比例（%）", attr("ratio_percent"), 10),
            Column("实施开始日期", attr("window_start"), 12),
            Column("实施结束日期", attr("window_end"), 12),
            Column("进度", label("progress", PROGRESS_LABELS), 8),
        ),
        loaders={"lead": _by("lead_department_id", departments_by_ids),
                 "participants": _participants},
    ),
    ExportKind(
        "inspection-results", "抽查检查结果", inspections.public_results, inspections.ORDER,
        filters={"region": text, "industry": text, "department_id": record_id,
                 "enterprise_id": record_id, "task_id": record_id,
                 "result_code": choice(ResultCode), "year": year, "date_from": date,
                 "date_to": date},
        columns=(
            *ENTERPRISE_COLUMNS,
            Column("检查结果", label("result_code", RESULT_LABELS), 20),
            Column("检查情况", attr("details"), 40),
            Column("检查日期", attr("inspected_on"), 12),
            Column("检查机关", related("department", "department_id"), 24),
            Column("检查事项", related("item", "item_id"), 24),
            Column("抽查任务", related("task", "task_id"), 30),
        ),
        loaders={**ENTERPRISES, **DEPARTMENTS,
                 "item": _by("item_id", sampling.public_items_by_ids),
                 "task": _by("task_id", sampling.public_tasks_by_ids)},
    ),
    ExportKind(
        "penalties", "行政处罚", credit.public_penalties, credit.PENALTY_ORDER,
        filters={"region": text, "industry": text, "department_id": record_id,
                 "enterprise_id": record_id, "severity": choice(Severity), "date_from": date,
                 "date_to": date},
        columns=(
            Column("决定书文号", attr("decision_number"), 24),
            *ENTERPRISE_COLUMNS,
            Column("违法行为", attr("violation"), 40),
            Column("处罚依据", attr("basis"), 30),
            Column("处罚内容", attr("content"), 30),
            Column("罚款金额（元）", attr("fine_amount"), 14),
            Column("处罚类别", label("severity", SEVERITY_LABELS), 8),
            Column("决定日期", attr("decided_on"), 12),
            Column("处罚机关", related("department", "department_id"), 24),
            *WINDOW_COLUMNS,
        ),
        loaders={**ENTERPRISES, **DEPARTMENTS},
    ),
    _list_kind("abnormal-list", ListKind.ABNORMAL, "经营异常名录"),
    _list_kind("serious-dishonesty-list", ListKind.SERIOUS_DISHONESTY, "严重违法失信名单"),
    ExportKind(
        "complaint-channels", "投诉举报渠道", channels.public_channels, channels.ORDER,
        filters={"kind": choice(ChannelKind), "region": text, "department_id": record_id},
        columns=(
            Column("渠道名称", attr("name"), 30),
            Column("渠道类型", label("kind", CHANNEL_KINDS), 10),
            Column("联系方式", attr("contact"), 30),
            Column("受理时间", attr("hours"), 20),
            Column("受理范围", attr("scope"), 40),
            Column("适用地区", related("region", "region_id", default=texts.NATIONWIDE), 12),
            Column("承办部门", related("department", "department_id"), 24),
        ),
        loaders={**DEPARTMENTS, "region": _by("region_id", regions_by_codes)},
    ),
)}
