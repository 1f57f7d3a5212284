"""Reading an export's rows: keyset batches in the list page's order, up to a cap.

Never all rows at once: each batch is one query for ``batch_size`` rows after the last row of
the previous batch (an index range, however deep), plus one lookup per relation. The file
holds at most ``max_rows`` rows; :attr:`Export.truncated` says whether more matched.
Rows published while a file is being written may or may not be in it (no snapshot is held).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from portal.core.paging import after_q, keyset_parts
from portal.exports.cells import Cell
from portal.exports.filters import convert
from portal.exports.kinds import ExportKind

BATCH_SIZE = 1000


@dataclass
class Export:
    kind: ExportKind
    query: QuerySet[Any]
    max_rows: int
    truncated: bool
    batch_size: int = BATCH_SIZE

    async def batches(self) -> AsyncIterator[list[list[Cell]]]:
        """The rows as cells, a batch at a time; sets :attr:`truncated` from what it saw."""
        left = self.max_rows
        for query, order in keyset_parts(self.query, self.kind.order):
            last: list[Any] | None = None
            while left > 0:
                page = query if last is None else query.filter(after_q(order, last))
                rows = await page.order_by(*order).limit(min(self.batch_size, left))
                if not rows:
                    break
                related = await self.kind.related(rows)
                yield [[column.value(row, related) for column in self.kind.columns]
                       for row in rows]
                left -= len(rows)
                last = [getattr(rows[-1], key.lstrip("-")) for key in order]
                if len(rows) < self.batch_size:  # a short batch ends the pass
                    break
            if left == 0:  # the cap: does anything follow, in this pass or a later one?
                rest = query if last is None else query.filter(after_q(order, last))
                if await _probe(rest):
                    self.truncated = True
                    return
        self.truncated = False


async def open_export(kind: ExportKind, filters: Mapping[str, object], *, max_rows: int,
                      batch_size: int = BATCH_SIZE) -> Export:
    """The export of ``kind`` with the list page's ``filters`` (selector argument names).

    Raises :class:`~portal.core.errors.InvalidInput` for a bad filter before anything is read,
    so a caller can answer with an error page instead of a partial file.
    """
    query = kind.select(**convert(kind.filters, filters))
    more = await _probe(query.offset(max_rows))
    return Export(kind, query, max_rows, truncated=more, batch_size=batch_size)


async def _probe(query: QuerySet[Any]) -> bool:
    """Whether ``query`` has a row. Ordered by the selected key: PostgreSQL wants a DISTINCT
    query (plans filtered by department) ordered only by what it selects."""
    return bool(await query.order_by("id").limit(1).values_list("id", flat=True))
