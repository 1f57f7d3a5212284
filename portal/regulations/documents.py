"""Search projection of a regulation or normative document (规章/规范性文件).

Pure function from a row to a plain dict; the indexer passes only rows read through
:func:`portal.regulations.queries.public_regulations` (published, go-live passed).
"""

from __future__ import annotations

from typing import Any

from portal.regulations.models import Regulation, Validity

KIND = "regulation"

VALIDITY_LABELS = {Validity.VALID: "有效", Validity.REPEALED: "已废止", Validity.AMENDED: "已修订"}


def regulation_document(row: Regulation) -> dict[str, Any]:
    """``row`` comes with ``department`` loaded (select_related)."""
    department = row.department
    head = "；".join(
        part for part in (
            row.doc_number,
            row.issuer,
            VALIDITY_LABELS.get(row.validity, ""),
        ) if part
    )
    return {
        "kind": KIND,
        "id": row.id,
        "title": row.title,
        "body": f"{head}。{row.body}" if head else row.body,
        "codes": [row.doc_number] if row.doc_number else [],
        "date": row.issued_on,
        "year": row.issued_on.year if row.issued_on else None,
        "region": row.region_id,  # type: ignore[attr-defined]
        "department": department.id if department else None,
        "department_name": department.name if department else "",
    }
