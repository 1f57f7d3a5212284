"""Public downloads of every public list (CSV and Excel) and the sitemaps (docs/exports.md).

Domain code: it reads only through each kind's public selector and knows nothing of the web.
``kinds`` says what each list exports, ``reading`` reads it in keyset batches up to a cap,
``csv_file`` and ``xlsx_file`` write the two formats, ``sitemap`` lists the record pages.
"""

from __future__ import annotations

from portal.exports.csv_file import csv_chunks
from portal.exports.kinds import KINDS, ExportKind
from portal.exports.reading import Export, open_export
from portal.exports.xlsx_file import xlsx_chunks

__all__ = ["KINDS", "Export", "ExportKind", "csv_chunks", "open_export", "xlsx_chunks"]
