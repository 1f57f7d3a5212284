"""CSV (RFC 4180): UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; CRLF
line ends; fields quoted when they hold a comma, a quote or a line break. Written a batch at a
time, so the file streams out as it is read."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence

from portal.exports import texts
from portal.exports.cells import Cell, as_text
from portal.exports.reading import Export

MEDIA_TYPE = "text/csv; charset=utf-8; header=present"
BOM = "\ufeff"


def _lines(rows: Sequence[Sequence[Cell | str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerows([as_text(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8", "replace")  # a lone surrogate cannot stop the file


async def csv_chunks(export: Export) -> AsyncIterator[bytes]:
    yield BOM.encode() + _lines([export.kind.headers])
    async for batch in export.batches():
        yield _lines(batch)
    if export.truncated:
        yield _lines([[texts.TRUNCATED.format(limit=export.max_rows)]])
