"""Spot-check results (抽查检查结果) with the standard result codes."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.signals import pre_save

from portal.core.publication import Publishable
from portal.enterprises.models import Enterprise
from portal.reference.models import Department
from portal.sampling.models import InspectionItem, SamplingTask


class ResultCode(enum.StrEnum):
    """The standard result codes used across 双随机 systems (DESIGN §2)."""

    NO_PROBLEM = "no_problem"  # 未发现问题
    CORRECTED = "corrected"  # 发现问题已责令改正
    PENDING_FOLLOW_UP = "pending_follow_up"  # 发现问题待后续处理
    NOT_DISCLOSED = "not_disclosed"  # 未按规定公示应当公示的信息
    FALSIFIED = "falsified"  # 公示信息隐瞒真实情况弄虚作假
    UNREACHABLE = "unreachable"  # 通过登记的住所(经营场所)无法联系
    OBSTRUCTED = "obstructed"  # 不配合检查情节严重
    NO_ACTIVITY = "no_activity"  # 未发现开展本次抽查涉及的经营活动
    CLOSED = "closed"  # 已注销/已吊销


RESULT_LABELS: dict[ResultCode, str] = {
    ResultCode.NO_PROBLEM: "未发现问题",
    ResultCode.CORRECTED: "发现问题已责令改正",
    ResultCode.PENDING_FOLLOW_UP: "发现问题待后续处理",
    ResultCode.NOT_DISCLOSED: "未按规定公示应当公示的信息",
    ResultCode.FALSIFIED: "公示信息隐瞒真实情况弄虚作假",
    ResultCode.UNREACHABLE: "通过登记的住所（经营场所）无法联系",
    ResultCode.OBSTRUCTED: "不配合检查情节严重",
    ResultCode.NO_ACTIVITY: "未发现开展本次抽查涉及的经营活动",
    ResultCode.CLOSED: "已注销/已吊销",
}


class InspectionResult(Publishable, Model):
    id = fields.IntField(primary_key=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="inspection_results", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="inspection_results", on_delete=fields.RESTRICT
    )
    task: fields.ForeignKeyNullableRelation[SamplingTask] = fields.ForeignKeyField(
        "models.SamplingTask", related_name="results", null=True, on_delete=fields.RESTRICT
    )
    item: fields.ForeignKeyNullableRelation[InspectionItem] = fields.ForeignKeyField(
        "models.InspectionItem", related_name="results", null=True, on_delete=fields.RESTRICT
    )
    inspected_on = fields.DateField()
    result_code = fields.CharEnumField(ResultCode, max_length=24)
    details = fields.TextField(default="")
    # The enterprise's region (GB/T 2260), copied when the row is written (enterprises' regions
    # are registration data and do not change here): the public list filters by region, result
    # code and year, and with the region on the row that filter is one index range instead of a
    # join checked row by row (docs/benchmarks.md §3). Filled by :mod:`portal.inspections.regions`.
    region_code = fields.CharField(max_length=6, null=True)

    class Meta:
        table = "inspection_result"
        ordering = ["-inspected_on", "-id"]
        indexes = (
            # per-enterprise lists in keyset order: no plan depends on statistics
            ("enterprise_id", "inspected_on", "id"),
            ("publication_state", "inspected_on", "id"),
            # the filtered public list: by region and result code, or by result code alone
            ("region_code", "result_code", "publication_state", "inspected_on", "id"),
            ("result_code", "publication_state", "inspected_on", "id"),
            ("department_id", "inspected_on"),
        )


@pre_save(InspectionResult)
async def _copy_region(sender: type[InspectionResult], row: InspectionResult,
                       using_db: BaseDBAsyncClient | None, update_fields: Iterable[str] | None) -> None:
    """Every saved result carries its enterprise's region (see ``region_code``). Bulk inserts
    and ``.update()`` bypass signals: those writers set ``region_code`` themselves."""
    enterprise_id = getattr(row, "enterprise_id", None)
    if row.region_code is None and enterprise_id is not None:
        row.region_code = await (Enterprise.filter(id=enterprise_id).using_db(using_db)
                                 .first().values_list("region_id", flat=True))
