"""Public selector for complaint channels."""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.channels.models import ChannelKind, ComplaintChannel
from portal.core.publication import public_q
from portal.core.scoping import region_prefix

ORDER = ["sort_order", "id"]


def public_channels(
    *, kind: ChannelKind | None = None, region: str | None = None, department_id: int | None = None
) -> QuerySet[ComplaintChannel]:
    q = public_q()
    if kind is not None:
        q &= Q(kind=kind)
    if region:
        # A channel serves its own region and everything below it; national ones (no region)
        # serve everyone. So a county sees its own, its city's and its province's channels.
        region_prefix(region)  # validates
        ancestors = {region, region[:4] + "00", region[:2] + "0000"}
        q &= Q(region_id__in=sorted(ancestors)) | Q(region_id__isnull=True)
    if department_id is not None:
        q &= Q(department_id=department_id)
    return ComplaintChannel.filter(q)
