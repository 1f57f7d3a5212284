"""Facet counts with readable labels: kinds, regions, departments, years, result codes, lists.

Region and department names come from the reference tables in one query each, whatever the
number of values.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.credit.documents import LIST_KIND_LABELS
from portal.credit.models import ListKind
from portal.inspections.models import RESULT_LABELS, ResultCode
from portal.reference.queries import departments_by_ids, regions_by_codes
from search.specs import SPECS


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


def _enum_label(labels: dict[ListKind, str] | dict[ResultCode, str], value: str) -> str:
    for key, label in labels.items():
        if key.value == value:
            return label
    return value


async def label(raw: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    names: dict[str, dict[str, str]] = {
        "kind": {k: spec.label for k, spec in SPECS.items()},
        "year": {},
    }
    regions = list(raw.get("region", {}))
    if regions:
        names["region"] = {r.code: r.name for r in await regions_by_codes(regions) if r}
    departments = [d for d in raw.get("department", {}) if d.isdigit()]
    if departments:
        found = await departments_by_ids([int(d) for d in departments])
        names["department"] = {str(d.id): d.name for d in found if d}
    names["result_code"] = {v: _enum_label(RESULT_LABELS, v) for v in raw.get("result_code", {})}
    names["list_kind"] = {v: _enum_label(LIST_KIND_LABELS, v) for v in raw.get("list_kind", {})}
    out: dict[str, list[FacetValue]] = {}
    for facet, counts in raw.items():
        labels = names.get(facet, {})
        values = [FacetValue(v, labels.get(v, v), c) for v, c in counts.items() if c > 0]
        if facet == "year":
            values.sort(key=lambda fv: fv.value, reverse=True)
        else:
            values.sort(key=lambda fv: (-fv.count, fv.value))
        out[facet] = values
    return out
