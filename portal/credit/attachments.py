"""Proof attachments: limits on count, size and type; the type is sniffed from the content.

Accepted: PDF, PNG, JPEG (magic bytes). A declared content type or file name extension is
never trusted. Limits are module constants shown to users in the form.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from portal.core.errors import InvalidInput

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
LIMITS_TEXT = f"最多{MAX_FILES}个文件，每个不超过{MAX_BYTES // (1024 * 1024)}MB，仅限 PDF、PNG、JPEG。"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    data: bytes


def sniff(data: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def check(uploads: list[Upload]) -> list[CheckedFile]:
    files = [u for u in uploads if u.filename or u.data]
    if len(files) > MAX_FILES:
        raise InvalidInput(f"附件过多：{LIMITS_TEXT}", field="attachments")
    out: list[CheckedFile] = []
    for upload in files:
        name = (upload.filename or "附件").replace("/", "_").replace("\\", "_")[-200:]
        if not upload.data:
            raise InvalidInput(f"附件“{name}”是空文件。", field="attachments")
        if len(upload.data) > MAX_BYTES:
            raise InvalidInput(f"附件“{name}”过大：{LIMITS_TEXT}", field="attachments")
        content_type = sniff(upload.data)
        if content_type is None:
            raise InvalidInput(f"附件“{name}”不是 PDF、PNG 或 JPEG 文件（按文件内容识别）。",
                               field="attachments")
        out.append(CheckedFile(name, content_type, len(upload.data),
                               hashlib.sha256(upload.data).hexdigest(), upload.data))
    return out
