"""Index specs: for every public kind, its public selector and its search-document builder.

This is the only way rows reach the index: each spec reads rows through the kind's public
selector (``portal/<domain>/queries.py``) and projects them with ``portal/<domain>/documents.py``.
A row the selector does not return is, by definition, not public, and is removed from the index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.queryset import QuerySet

from portal.channels import documents as channel_docs
from portal.channels.queries import public_channels
from portal.credit import documents as credit_docs
from portal.credit.queries import public_list_entries, public_penalties
from portal.enterprises import documents as enterprise_docs
from portal.enterprises.queries import public_enterprises
from portal.inspections import documents as result_docs
from portal.inspections.queries import public_results
from portal.regulations import documents as regulation_docs
from portal.regulations.queries import public_regulations
from portal.sampling import documents as sampling_docs
from portal.sampling.queries import (
    participants_for_plans,
    public_items,
    public_items_for_plans,
    public_plans,
)
from search import rows
from search.rows import Row

Document = dict[str, Any]


@dataclass(frozen=True)
class Cascade:
    """When a row of this kind changes, rows of ``kind`` whose ``field`` points at it change too."""

    kind: str
    field: str


@dataclass(frozen=True)
class IndexSpec:
    kind: str
    label: str
    selector: Callable[[], QuerySet[Any]]
    related: tuple[str, ...]
    build: Callable[[Any], Document]
    cascades: tuple[Cascade, ...] = field(default=())

    async def fetch(self, qs: QuerySet[Any]) -> list[Row]:
        """Rows of a public-selector queryset, with the related rows the documents need."""
        return await rows.fetch(qs, self.related)

    async def documents(self, rows: Sequence[Any]) -> list[Document]:
        return [self.build(row) for row in rows]


@dataclass(frozen=True)
class PlanSpec(IndexSpec):
    """Plans also list their public items and participating departments (batch selectors)."""

    async def documents(self, rows: Sequence[Any]) -> list[Document]:
        ids = [row.pk for row in rows]
        items = await public_items_for_plans(ids)
        participant_ids = await participants_for_plans(ids)
        from portal.reference.queries import departments_by_ids

        flat = sorted({d for group in participant_ids for d in group})
        departments = {d.id: d for d in await departments_by_ids(flat) if d is not None}
        return [
            sampling_docs.plan_document(
                row, its, [departments[d] for d in dids if d in departments]
            )
            for row, its, dids in zip(rows, items, participant_ids, strict=True)
        ]


SPECS: dict[str, IndexSpec] = {
    spec.kind: spec
    for spec in (
        IndexSpec(enterprise_docs.KIND, "市场主体", public_enterprises, ("region", "industry"),
                  enterprise_docs.enterprise_document,
                  (Cascade(result_docs.KIND, "enterprise_id"),
                   Cascade(credit_docs.PENALTY_KIND, "enterprise_id"),
                   Cascade(credit_docs.LIST_ENTRY_KIND, "enterprise_id"))),
        IndexSpec(regulation_docs.KIND, "规章制度", public_regulations, ("department",),
                  regulation_docs.regulation_document),
        IndexSpec(sampling_docs.ITEM_KIND, "抽查事项", public_items, ("department",),
                  sampling_docs.item_document,
                  (Cascade(sampling_docs.PLAN_KIND, "items__id"),)),
        PlanSpec(sampling_docs.PLAN_KIND, "抽查计划", public_plans, ("lead_department",),
                 lambda row: sampling_docs.plan_document(row, [], [])),
        IndexSpec(result_docs.KIND, "抽查结果", public_results, ("enterprise", "department"),
                  result_docs.result_document),
        IndexSpec(credit_docs.PENALTY_KIND, "行政处罚", public_penalties,
                  ("enterprise", "department"), credit_docs.penalty_document),
        IndexSpec(credit_docs.LIST_ENTRY_KIND, "名录信息", public_list_entries,
                  ("enterprise", "department"), credit_docs.list_entry_document),
        IndexSpec(channel_docs.KIND, "投诉举报渠道", public_channels, ("department",),
                  channel_docs.channel_document),
    )
}
KINDS: tuple[str, ...] = tuple(SPECS)

# Names other code may use in outbox events for the same kinds.
ALIASES = {
    "item": sampling_docs.ITEM_KIND, "inspectionitem": sampling_docs.ITEM_KIND,
    "plan": sampling_docs.PLAN_KIND, "samplingplan": sampling_docs.PLAN_KIND,
    "result": result_docs.KIND, "inspectionresult": result_docs.KIND,
    "listentry": credit_docs.LIST_ENTRY_KIND, "channel": channel_docs.KIND,
    "complaintchannel": channel_docs.KIND,
}


def canonical_kind(name: str) -> str | None:
    """The index kind for an outbox kind name, or None if it is not indexed."""
    key = name.strip().lower().replace("-", "_")
    if key in SPECS:
        return key
    return ALIASES.get(key.replace("_", ""))


async def documents_for_ids(kind: str, ids: Sequence[int]) -> list[Document]:
    """Documents for those ``ids`` that are public now (the others are simply absent)."""
    spec = SPECS[kind]
    found = await spec.fetch(spec.selector().filter(id__in=list(ids)).order_by("id"))
    return await spec.documents(found)


async def dependent_ids(kind: str, ids: Sequence[int]) -> dict[str, list[int]]:
    """Public rows of other kinds whose documents show data of these rows."""
    out: dict[str, list[int]] = {}
    for cascade in SPECS[kind].cascades:
        found: list[Any] = await SPECS[cascade.kind].selector().filter(
            **{f"{cascade.field}__in": list(ids)}
        ).order_by("id").values_list("id", flat=True)
        if found:
            out[cascade.kind] = sorted({int(i) for i in found})
    return out


async def public_ids(kind: str, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` the public selector returns right now (one query)."""
    # Ordered by id: with the model's default order SQLite may walk a whole index instead.
    qs = SPECS[kind].selector().filter(id__in=list(ids)).order_by("id")
    found: list[Any] = await qs.values_list("id", flat=True)
    return {int(i) for i in found}


async def iterate_documents(kind: str, chunk: int = 2000) -> AsyncIterator[list[Document]]:
    """Every public row of a kind, in id order, ``chunk`` rows at a time (keyset paging)."""
    spec = SPECS[kind]
    last = 0
    while True:
        found = await spec.fetch(spec.selector().filter(id__gt=last).order_by("id").limit(chunk))
        if not found:
            return
        last = found[-1].pk
        yield await spec.documents(found)


async def count_public(kind: str) -> int:
    return int(await SPECS[kind].selector().count())
