"""Attachment checks: count and size limits, type sniffed from the bytes, hostile files refused.

The client's content type and file name are never trusted: the type comes from the magic bytes
(the ``filetype`` library) and must be on :data:`ALLOWED`; the stored name gets the sniffed
extension. PDFs carrying active content (JavaScript, launch actions, embedded files) and images
whose bytes hide markup are refused with a clear message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import filetype

from portal.config import get_settings
from portal.core.errors import InvalidInput

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|body)\b|<\?php", re.IGNORECASE)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    data: bytes


def _safe_name(name: str, extension: str) -> str:
    stem = unicodedata.normalize("NFKC", name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"|?*')[:80].strip()
    return f"{stem or '附件'}.{extension}"


def check_file(upload: Upload) -> CheckedFile:
    limit = get_settings().tips_max_attachment_bytes
    label = (upload.name or "附件")[:60]
    if not upload.data:
        raise InvalidInput(f"附件“{label}”是空文件。", field="attachments")
    if len(upload.data) > limit:
        raise InvalidInput(f"附件“{label}”超过 {limit // (1024 * 1024)} MB 的大小限制。",
                           field="attachments")
    kind = filetype.guess(upload.data)
    media_type = kind.mime if kind is not None else ""
    if media_type not in ALLOWED:
        raise InvalidInput(f"附件“{label}”的内容不是允许的类型（仅接受 JPEG、PNG 图片和 PDF 文件）。",
                           field="attachments")
    if media_type == "application/pdf" and PDF_ACTIVE.search(upload.data):
        raise InvalidInput(f"附件“{label}”含有脚本、自动动作或嵌入文件，出于安全考虑不予接收。",
                           field="attachments")
    if media_type != "application/pdf" and MARKUP.search(upload.data):
        raise InvalidInput(f"附件“{label}”的图片数据中夹带网页或脚本代码，出于安全考虑不予接收。",
                           field="attachments")
    return CheckedFile(_safe_name(upload.name, ALLOWED[media_type]), media_type, upload.data)


def check_files(uploads: list[Upload]) -> list[CheckedFile]:
    uploads = [u for u in uploads if u.data or u.name]
    most = get_settings().tips_max_attachments
    if len(uploads) > most:
        raise InvalidInput(f"最多可上传 {most} 个附件。", field="attachments")
    return [check_file(u) for u in uploads]
