"""Search projection of an enterprise (市场主体): registration data that is public by law.

Pure functions from rows to plain dicts; the search indexer feeds them only rows read through
:func:`portal.enterprises.queries.public_enterprises`. Nothing personal goes in: no address
(a sole trader's business address may be a home), no people, no risk grade.
"""

from __future__ import annotations

from typing import Any

from portal.enterprises.models import Enterprise, EnterpriseStatus

KIND = "enterprise"

STATUS_LABELS = {
    EnterpriseStatus.ACTIVE: "存续",
    EnterpriseStatus.DEREGISTERED: "注销",
    EnterpriseStatus.REVOKED: "吊销",
}


def enterprise_document(row: Enterprise) -> dict[str, Any]:
    """``row`` comes with ``region`` and ``industry`` loaded (select_related)."""
    region = row.region
    industry = row.industry
    codes = [row.uscc] + ([row.reg_no] if row.reg_no else [])
    body = "；".join(
        part for part in (
            row.entity_type,
            f"统一社会信用代码 {row.uscc}",
            f"注册号 {row.reg_no}" if row.reg_no else "",
            f"所在地 {region.name}" if region else "",
            f"行业 {industry.name}" if industry else "",
            f"登记状态 {STATUS_LABELS.get(row.status, '')}",
            f"经营范围：{row.business_scope}" if row.business_scope else "",
        ) if part
    )
    return {
        "kind": KIND,
        "id": row.id,
        "title": row.name,
        "body": body,
        "codes": codes,
        "pinyin_of": row.name,
        "date": row.established_on,
        "year": None,
        "region": region.code if region else None,
        "department": None,
        "uscc": row.uscc,
    }
