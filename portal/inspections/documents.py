"""Search projection of a spot-check result (抽查检查结果).

Pure function from a row to a plain dict; the indexer passes only rows read through
:func:`portal.inspections.queries.public_results`. The inspected enterprise is public
registration data; inspectors are never named.
"""

from __future__ import annotations

from typing import Any

from portal.inspections.models import RESULT_LABELS, InspectionResult

KIND = "inspection_result"


def result_document(row: InspectionResult) -> dict[str, Any]:
    """``row`` comes with ``enterprise`` and ``department`` loaded (select_related)."""
    enterprise = row.enterprise
    department = row.department
    label = RESULT_LABELS.get(row.result_code, "")
    body = "；".join(
        part for part in (
            f"检查结果：{label}",
            f"检查日期：{row.inspected_on.isoformat()}",
            f"检查机关：{department.name}",
            f"统一社会信用代码 {enterprise.uscc}",
            row.details,
        ) if part
    )
    return {
        "kind": KIND,
        "id": row.id,
        "title": f"{enterprise.name} 抽查检查结果：{label}",
        "body": body,
        "codes": [enterprise.uscc],
        "date": row.inspected_on,
        "year": row.inspected_on.year,
        "region": enterprise.region_id,  # type: ignore[attr-defined]
        "department": department.id,
        "department_name": department.name,
        "result_code": row.result_code.value,
        "uscc": enterprise.uscc,
    }
