"""Reference data shipped with the project: GB/T 2260 regions used by the demo departments."""

from __future__ import annotations

import csv
from pathlib import Path

from portal.reference.models import Region

DATA_DIR = Path(__file__).parent / "data"


async def load_regions() -> int:
    """Insert the regions of data/regions.csv that are missing (parents first)."""
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing: set[str] = {str(code) for code in await Region.all().values_list("code", flat=True)}
    added = 0
    for row in sorted(rows, key=lambda r: (r["parent"] != "", r["code"])):
        if row["code"] in existing:
            continue
        await Region.create(code=row["code"], name=row["name"], parent_id=row["parent"] or None)
        existing.add(row["code"])
        added += 1
    return added
