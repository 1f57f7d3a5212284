"""Search projection of a complaint or report channel (投诉举报渠道).

Pure function from a row to a plain dict; the indexer passes only rows read through
:func:`portal.channels.queries.public_channels`. Contacts are official hotlines, sites and
offices, published as such.
"""

from __future__ import annotations

from typing import Any

from portal.channels.models import ChannelKind, ComplaintChannel

KIND = "complaint_channel"

KIND_LABELS = {ChannelKind.HOTLINE: "热线电话", ChannelKind.WEB: "网络平台",
               ChannelKind.MAIL: "信件", ChannelKind.IN_PERSON: "现场"}


def channel_document(row: ComplaintChannel) -> dict[str, Any]:
    """``row`` comes with ``department`` loaded (select_related)."""
    department = row.department
    body = "；".join(
        part for part in (
            f"{KIND_LABELS.get(row.kind, '')}：{row.contact}",
            f"受理时间：{row.hours}" if row.hours else "",
            f"受理范围：{row.scope}" if row.scope else "",
            department.name if department else "",
            "投诉举报",
        ) if part
    )
    return {
        "kind": KIND,
        "id": row.id,
        "title": row.name,
        "body": body,
        "codes": [],
        "date": None,
        "year": None,
        "region": row.region_id,  # type: ignore[attr-defined]
        "department": department.id if department else None,
        "department_name": department.name if department else "",
    }
