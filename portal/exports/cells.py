"""Cell values of an export, and what makes a text cell safe to open in a spreadsheet.

A row is a list of cells: text, a date, a number or nothing. Both file formats write text
through :func:`inert`, so a value typed by staff or an enterprise (a name, a reason, a contact)
can never run as a formula when the file is opened (OWASP "CSV injection").
"""

from __future__ import annotations

import datetime as dt
import decimal
import re

Cell = str | int | decimal.Decimal | dt.date | None

# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return
# too: some programs drop them and read what follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/FFFF): an XLSX
# cell holding one is a corrupt file, so they are dropped from XLSX text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def inert(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def as_text(cell: Cell) -> str:
    """One cell as CSV text: ISO dates, amounts with two decimals, inert text."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, decimal.Decimal):
        return f"{cell:.2f}"
    if isinstance(cell, int):
        return str(cell)
    return inert(cell)


def xml_text(text: str) -> str:
    """Inert text that XML (and so an XLSX sheet) can carry."""
    return inert(NOT_XML.sub("", text))
