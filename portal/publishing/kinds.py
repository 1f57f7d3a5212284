"""The per-kind adapter registry: what is editable in each publishable kind, and how.

One generic service (portal.publishing.services) drives every kind through the workflow; an
:class:`Adapter` only says which fields exist, which are free text to redact, which department
owns a row, what counts as a major decision (legal review), what else to compute on
publication (display windows), which cross-field rules apply, which draft rows of another kind
are published with a record (a plan's tasks) and which search documents to refresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet

from portal.channels.models import ChannelKind, ComplaintChannel
from portal.core.errors import InvalidInput
from portal.core.models import RuleSubject
from portal.core.publication import PublicationState
from portal.core.rules import compute_window
from portal.credit.models import ListEntry, ListKind, Penalty, Severity
from portal.inspections.models import RESULT_LABELS, InspectionResult
from portal.publishing.fields import Field, ref_ids
from portal.publishing.fields import FieldType as T
from portal.reference.models import Department
from portal.regulations.models import Regulation, Validity
from portal.sampling.models import (
    InspectionItem,
    ItemCategory,
    Progress,
    SamplingPlan,
    SamplingTask,
)

Data = Mapping[str, str]

SEVERITY = {Severity.GENERAL.value: "一般", Severity.SERIOUS.value: "严重",
            Severity.WARNING.value: "仅警告（不予公示）"}
LIST_KINDS = {ListKind.ABNORMAL.value: "经营异常名录", ListKind.SERIOUS_DISHONESTY.value: "严重违法失信名单"}
VALIDITY = {Validity.VALID.value: "有效", Validity.REPEALED.value: "已废止", Validity.AMENDED.value: "已修订"}
CATEGORY = {ItemCategory.KEY.value: "重点检查事项", ItemCategory.GENERAL.value: "一般检查事项"}
PROGRESS = {Progress.PLANNED.value: "未开始", Progress.IN_PROGRESS.value: "实施中",
            Progress.COMPLETED.value: "已完成"}
CHANNEL_KINDS = {ChannelKind.HOTLINE.value: "热线电话", ChannelKind.WEB.value: "网络平台",
                 ChannelKind.MAIL.value: "信件", ChannelKind.IN_PERSON.value: "现场"}
RESULTS = {code.value: label for code, label in RESULT_LABELS.items()}


async def _no_extra(data: Data) -> dict[str, Any]:
    return {}


async def _no_check(data: Data, department_id: int, row_id: int | None) -> None:
    return None


@dataclass(frozen=True)
class Companions:
    """Draft rows of another kind that a record's FIRST publication publishes with it.

    ``rows(record)`` selects the candidates; each is published the way its own ``publish``
    would publish it (its masks applied, a version, audit, outbox), in the record's publish
    transaction. Rows in their own review, and rows added after the first publication, go
    through their own workflow.
    """

    kind: str
    label: str  # shown to the reviewer: what will be published with the record
    rows: Callable[[Any], QuerySet[Any]]


@dataclass(frozen=True)
class Adapter:
    kind: str  # the index/outbox kind, also used in audit entries and notices
    label: str
    model: type[Model]
    fields: tuple[Field, ...]
    title: Callable[[Data], str]
    department_attr: str = "department_id"
    department_label: str = "所属部门"
    major: Callable[[Data], bool] = lambda data: False
    extra: Callable[[Data], Awaitable[dict[str, Any]]] = _no_extra
    check: Callable[[Data, int, int | None], Awaitable[None]] = _no_check  # (data, dept, row id)
    companions: Companions | None = None
    public_path: Callable[[Any], str | None] = lambda row: None
    outbox: Callable[[Any], list[tuple[str, int]]] | None = None  # default: (kind, row.id)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def redacted(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.redact)

    def outbox_targets(self, row: Any) -> list[tuple[str, int]]:
        return self.outbox(row) if self.outbox else [(self.kind, row.id)]


async def _penalty_window(data: Data) -> dict[str, Any]:
    import datetime as dt

    window = await compute_window(RuleSubject.PENALTY, data["severity"],
                                  dt.date.fromisoformat(data["decided_on"]))
    return {"display_rule_id": window.rule_id, "displayed_until": window.displayed_until,
            "repairable_from": window.repairable_from}


async def _list_window(data: Data) -> dict[str, Any]:
    import datetime as dt

    window = await compute_window(RuleSubject.LIST_ENTRY, data["kind"],
                                  dt.date.fromisoformat(data["listed_on"]))
    return {"display_rule_id": window.rule_id, "displayed_until": window.displayed_until,
            "repairable_from": window.repairable_from}


async def _result_region(data: Data) -> dict[str, Any]:
    from portal.enterprises.models import Enterprise

    region = await Enterprise.filter(uscc=data["enterprise"]).first().values_list("region_id", flat=True)
    return {"region_code": region}


async def _plan_check(data: Data, lead_id: int, plan_id: int | None) -> None:
    """A department that still has tasks in the plan stays a member (the lead department is
    never a participant: ``excludes_owner``)."""
    participants = set(ref_ids(data.get("participants", "")))
    if plan_id is None or "participants" not in data:
        return
    tasked = set(await SamplingTask.filter(plan_id=plan_id).values_list("department_id", flat=True))
    if stranded := sorted(int(str(d)) for d in tasked - participants - {lead_id}):
        names = await Department.filter(id__in=stranded).order_by("id").values_list("name", flat=True)
        raise InvalidInput(f"{'、'.join(map(str, names))}在本计划下已有抽查任务，不能移出参与部门。",
                           field="participants")


def _lead_draft_tasks(plan: Any) -> QuerySet[SamplingTask]:
    # participants' tasks are reviewed in their own department (their own workflow)
    return SamplingTask.filter(plan_id=plan.id, department_id=plan.lead_department_id,
                               publication_state=PublicationState.DRAFT).order_by("id")


TEXT = 20_000
ADAPTERS: dict[str, Adapter] = {a.kind: a for a in (
    Adapter(
        "regulation", "规章/规范性文件", Regulation,
        (Field("title", "标题", required=True, max_length=300),
         Field("doc_number", "文号", max_length=100),
         Field("issuer", "发布机关", required=True),
         Field("issued_on", "发布日期", T.DATE),
         Field("effective_on", "施行日期", T.DATE),
         Field("validity", "效力状态", T.CHOICE, required=True, choices=VALIDITY),
         Field("body", "正文", T.TEXT, required=True, max_length=200_000, redact=True),
         Field("source_note", "来源说明", max_length=300)),
        title=lambda d: d["title"], public_path=lambda r: f"/regulations/{r.id}",
    ),
    Adapter(
        "inspection_item", "随机抽查事项", InspectionItem,
        (Field("code", "事项编码", required=True, max_length=40),
         Field("name", "事项名称", required=True),
         Field("category", "事项类别", T.CHOICE, required=True, choices=CATEGORY),
         Field("target_type", "检查对象"),
         Field("legal_basis", "检查依据", T.TEXT, max_length=TEXT),
         Field("method", "检查方式"),
         Field("ratio", "抽查比例", max_length=100),
         Field("frequency", "抽查频次", max_length=100)),
        title=lambda d: f"{d['code']} {d['name']}", public_path=lambda r: "/inspection-items",
    ),
    Adapter(
        "sampling_plan", "抽查计划", SamplingPlan,
        (Field("year", "年度", T.INT, required=True),
         Field("name", "计划名称", required=True, max_length=300),
         Field("scope", "抽查范围", T.TEXT, max_length=TEXT, redact=True),
         Field("ratio_percent", "抽查比例（%）", T.DECIMAL),
         Field("window_start", "实施开始日期", T.DATE),
         Field("window_end", "实施结束日期", T.DATE),
         Field("progress", "进度", T.CHOICE, required=True, choices=PROGRESS),
         Field("participants", "参与部门（联合抽查）", T.REFS, ref_model=Department,
               excludes_owner=True),
         Field("items", "检查事项", T.REFS, ref_model=InspectionItem,
               ref_label=lambda r: f"{r.code} {r.name}")),
        title=lambda d: d["name"], department_attr="lead_department_id",
        department_label="牵头部门", check=_plan_check,
        companions=Companions("sampling_task", "本部门的草稿任务", _lead_draft_tasks),
        public_path=lambda r: f"/sampling-plans/{r.id}",
    ),
    Adapter(
        "sampling_task", "抽查任务", SamplingTask,
        (Field("plan", "所属计划编号", T.REF, required=True, ref_model=SamplingPlan),
         Field("name", "任务名称", required=True, max_length=300),
         Field("scope", "抽查范围", T.TEXT, max_length=TEXT, redact=True),
         Field("ratio_percent", "抽查比例（%）", T.DECIMAL),
         Field("target_count", "抽取对象数", T.INT),
         Field("window_start", "实施开始日期", T.DATE),
         Field("window_end", "实施结束日期", T.DATE),
         Field("progress", "进度", T.CHOICE, required=True, choices=PROGRESS),
         Field("completed_on", "完成日期", T.DATE)),
        title=lambda d: d["name"], public_path=lambda r: f"/sampling-plans/{r.plan_id}",
        outbox=lambda r: [("sampling_plan", r.plan_id)],
    ),
    Adapter(
        "inspection_result", "抽查检查结果", InspectionResult,
        (Field("enterprise", "市场主体统一社会信用代码", T.ENTERPRISE, required=True),
         Field("task", "抽查任务编号", T.REF, ref_model=SamplingTask),
         Field("item", "检查事项编号", T.REF, ref_model=InspectionItem),
         Field("inspected_on", "检查日期", T.DATE, required=True),
         Field("result_code", "检查结果", T.CHOICE, required=True, choices=RESULTS),
         Field("details", "结果说明", T.TEXT, max_length=TEXT, redact=True)),
        title=lambda d: f"抽查检查结果（{d['enterprise']}，{d['inspected_on']}）",
        extra=_result_region, public_path=lambda r: "/inspection-results",
    ),
    Adapter(
        "penalty", "行政处罚", Penalty,
        (Field("decision_number", "处罚决定书文号", required=True, max_length=100),
         Field("enterprise", "当事人统一社会信用代码", T.ENTERPRISE, required=True),
         Field("decided_on", "处罚决定日期", T.DATE, required=True),
         Field("severity", "失信程度", T.CHOICE, required=True, choices=SEVERITY),
         Field("revokes_licence", "吊销许可证件或营业执照", T.BOOL),
         Field("violation", "违法事实", T.TEXT, required=True, max_length=TEXT, redact=True),
         Field("basis", "处罚依据", T.TEXT, max_length=TEXT, redact=True),
         Field("content", "处罚内容", T.TEXT, max_length=TEXT, redact=True),
         Field("fine_amount", "罚没金额（元）", T.DECIMAL)),
        title=lambda d: f"行政处罚决定书 {d['decision_number']}",
        major=lambda d: d.get("severity") == Severity.SERIOUS.value or d.get("revokes_licence") == "true",
        extra=_penalty_window, public_path=lambda r: f"/penalties/{r.id}",
    ),
    Adapter(
        "list_entry", "名录信息", ListEntry,
        (Field("kind", "名录", T.CHOICE, required=True, choices=LIST_KINDS),
         Field("enterprise", "市场主体统一社会信用代码", T.ENTERPRISE, required=True),
         Field("decision_number", "决定书文号", max_length=100),
         Field("listed_on", "列入日期", T.DATE, required=True),
         Field("reason", "列入事由", T.TEXT, required=True, max_length=TEXT, redact=True),
         Field("basis", "列入依据", T.TEXT, max_length=TEXT, redact=True),
         Field("removed_on", "移出日期", T.DATE),
         Field("removal_reason", "移出事由", T.TEXT, max_length=TEXT, redact=True)),
        title=lambda d: f"{LIST_KINDS.get(d['kind'], '名录')}列入信息（{d['enterprise']}，{d['listed_on']}）",
        major=lambda d: d.get("kind") == ListKind.SERIOUS_DISHONESTY.value,
        extra=_list_window, public_path=lambda r: f"/lists/entries/{r.id}",
    ),
    Adapter(
        "complaint_channel", "投诉举报渠道", ComplaintChannel,
        (Field("name", "渠道名称", required=True),
         Field("kind", "渠道类型", T.CHOICE, required=True, choices=CHANNEL_KINDS),
         Field("contact", "联系方式（公开的受理电话、网址或地址）", required=True, max_length=300),
         Field("hours", "受理时间"),
         Field("scope", "受理范围", T.TEXT, max_length=TEXT),
         Field("sort_order", "排序", T.INT)),
        title=lambda d: d["name"], public_path=lambda r: "/channels",
    ),
)}


def adapter(kind: str) -> Adapter:
    found = ADAPTERS.get(kind)
    if found is None:
        raise InvalidInput(f"未知的公开信息类型“{kind}”，可选：{'、'.join(ADAPTERS)}。", field="kind")
    return found
