"""Search projections of administrative penalties and list entries (the two blacklists).

Pure functions from rows to plain dicts; the indexer passes only rows read through
:func:`portal.credit.queries.public_penalties` / :func:`public_list_entries` (published and
inside their display window). The rows hold no personal data beyond what is published.
"""

from __future__ import annotations

from typing import Any

from portal.credit.models import ListEntry, ListKind, Penalty, Severity

PENALTY_KIND = "penalty"
LIST_ENTRY_KIND = "list_entry"

SEVERITY_LABELS = {Severity.GENERAL: "一般", Severity.SERIOUS: "严重", Severity.WARNING: "警告"}
LIST_KIND_LABELS = {ListKind.ABNORMAL: "经营异常名录",
                    ListKind.SERIOUS_DISHONESTY: "严重违法失信名单"}


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def penalty_document(row: Penalty) -> dict[str, Any]:
    """``row`` comes with ``enterprise`` and ``department`` loaded (select_related)."""
    enterprise = row.enterprise
    department = row.department
    body = _join(
        f"违法行为：{row.violation}",
        f"处罚依据：{row.basis}" if row.basis else "",
        f"处罚内容：{row.content}" if row.content else "",
        f"{SEVERITY_LABELS.get(row.severity, '')}失信行为",
        f"处罚机关：{department.name}",
        f"统一社会信用代码 {enterprise.uscc}",
    )
    return {
        "kind": PENALTY_KIND,
        "id": row.id,
        "title": f"{enterprise.name} 行政处罚决定 {row.decision_number}",
        "body": body,
        "codes": [row.decision_number, enterprise.uscc],
        "date": row.decided_on,
        "year": row.decided_on.year,
        "region": enterprise.region_id,  # type: ignore[attr-defined]
        "department": department.id,
        "department_name": department.name,
        "uscc": enterprise.uscc,
    }


def list_entry_document(row: ListEntry) -> dict[str, Any]:
    """``row`` comes with ``enterprise`` and ``department`` loaded (select_related)."""
    enterprise = row.enterprise
    department = row.department
    kind_label = LIST_KIND_LABELS.get(row.kind, "")
    body = _join(
        f"列入原因：{row.reason}",
        f"列入依据：{row.basis}" if row.basis else "",
        f"决定文号：{row.decision_number}" if row.decision_number else "",
        f"作出决定机关：{department.name}",
        f"已于{row.removed_on.isoformat()}移出" if row.removed_on else "",
        f"统一社会信用代码 {enterprise.uscc}",
    )
    return {
        "kind": LIST_ENTRY_KIND,
        "id": row.id,
        "title": f"{enterprise.name} 列入{kind_label}",
        "body": body,
        "codes": [c for c in (row.decision_number, enterprise.uscc) if c],
        "date": row.listed_on,
        "year": row.listed_on.year,
        "region": enterprise.region_id,  # type: ignore[attr-defined]
        "department": department.id,
        "department_name": department.name,
        "list_kind": row.kind.value,
        "uscc": enterprise.uscc,
    }
