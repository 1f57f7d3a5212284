"""Excel (XLSX) with xlsxwriter in ``constant_memory`` mode: each row goes to a temporary file
as it is written, so memory stays flat however many rows; the finished workbook is then read
back in chunks. Writing runs in a worker thread (it is CPU work) and everything it leaves on
disk lives in one temporary directory removed at the end, even when the client goes away.

Text is always written as a string cell (never a formula) and made inert like the CSV's, dates
as dates shown ``yyyy-mm-dd``, amounts as numbers.
"""

from __future__ import annotations

import datetime as dt
import decimal
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread
import xlsxwriter

from portal.exports import texts
from portal.exports.cells import Cell, xml_text
from portal.exports.reading import Export

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}


class _Sheet:
    """One worksheet being filled row by row (constant_memory: rows only in order)."""

    def __init__(self, path: Path, export: Export) -> None:
        self.book = xlsxwriter.Workbook(str(path), {**OPTIONS, "tmpdir": str(path.parent)})
        self.sheet = self.book.add_worksheet(export.kind.title[:31])
        bold = self.book.add_format({"bold": True})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.money = self.book.add_format({"num_format": "0.00"})
        self.columns = len(export.kind.columns)
        for n, column in enumerate(export.kind.columns):
            self.sheet.set_column(n, n, column.width)
        self.sheet.freeze_panes(1, 0)
        self.sheet.write_row(0, 0, [xml_text(h) for h in export.kind.headers], bold)
        self.row = 1

    def write(self, rows: Sequence[Sequence[Cell]]) -> None:
        for cells in rows:
            for col, cell in enumerate(cells):
                self._cell(col, cell)
            self.row += 1

    def _cell(self, col: int, cell: Cell) -> None:
        if cell is None or cell == "":
            return
        if isinstance(cell, dt.date):
            self.sheet.write_datetime(self.row, col, cell, self.date)
        elif isinstance(cell, decimal.Decimal):
            self.sheet.write_number(self.row, col, float(cell), self.money)
        elif isinstance(cell, int):
            self.sheet.write_number(self.row, col, cell)
        else:
            self.sheet.write_string(self.row, col, xml_text(cell))

    def close(self, note: str | None) -> None:
        if self.row > 1:
            self.sheet.autofilter(0, 0, self.row - 1, self.columns - 1)
        if note:
            self.sheet.write_string(self.row + 1, 0, note)
        self.book.close()


async def xlsx_chunks(export: Export) -> AsyncIterator[bytes]:
    with tempfile.TemporaryDirectory(prefix="portal-export-") as tmp:
        path = Path(tmp) / "export.xlsx"
        sheet = await _in_thread(_Sheet, path, export)
        async for batch in export.batches():
            await _in_thread(sheet.write, batch)
        note = texts.TRUNCATED.format(limit=export.max_rows) if export.truncated else None
        await _in_thread(sheet.close, note)
        with path.open("rb") as file:
            while chunk := await _in_thread(file.read, CHUNK):
                yield chunk


async def _in_thread(fn: Any, *args: Any) -> Any:
    return await anyio.to_thread.run_sync(fn, *args)
