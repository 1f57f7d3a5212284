"""One place that turns (record_kind, record_id) into the penalty or list entry it names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.core.errors import InvalidInput, NotFound
from portal.core.models import DisplayRule
from portal.credit.documents import LIST_KIND_LABELS, SEVERITY_LABELS
from portal.credit.models import ListEntry, Penalty
from portal.credit.repair_models import RECORD_KINDS

Record = Penalty | ListEntry


@dataclass(frozen=True)
class RecordRef:
    kind: str
    row: Record
    rule: DisplayRule | None

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def enterprise_id(self) -> int:
        return self.row.enterprise_id  # type: ignore[union-attr,no-any-return]

    @property
    def department_id(self) -> int:
        return self.row.department_id  # type: ignore[union-attr,no-any-return]

    @property
    def decided_on(self) -> dt.date:
        return self.row.decided_on if isinstance(self.row, Penalty) else self.row.listed_on

    @property
    def title(self) -> str:
        if isinstance(self.row, Penalty):
            label = SEVERITY_LABELS.get(self.row.severity, "")
            return f"行政处罚决定 {self.row.decision_number}（{label}）"
        return f"列入{LIST_KIND_LABELS.get(self.row.kind, '')}（{self.row.listed_on.isoformat()}）"


def check_kind(kind: str) -> str:
    if kind not in RECORD_KINDS:
        raise InvalidInput("记录类型应为 penalty（行政处罚）或 list_entry（名录）。", field="recordKind")
    return kind


async def load(kind: str, record_id: int, *, enterprise_id: int | None = None) -> RecordRef:
    """The record with its rule row; ``enterprise_id`` limits it to one enterprise's records
    (another enterprise's record is reported as not found, never as forbidden)."""
    model: type[Penalty] | type[ListEntry] = Penalty if check_kind(kind) == "penalty" else ListEntry
    query = model.filter(id=record_id)
    if enterprise_id is not None:
        query = query.filter(enterprise_id=enterprise_id)
    row = await query.select_related("display_rule").first()
    if row is None:
        raise NotFound("未找到该记录。")
    return RecordRef(kind, row, row.display_rule)
