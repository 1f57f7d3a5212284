"""Jinja2 environment and the page helpers shared by every view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from portal.config import get_settings
from public_site import labels

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals["labels"] = labels
templates.env.filters["cn_date"] = lambda d: labels.cn_date(d)
templates.env.filters["money"] = lambda v: labels.money(v)
templates.env.filters["percent"] = lambda v: labels.percent(v)


def paragraphs(text: str | None) -> list[str]:
    """Plain text → its non-empty lines, each one paragraph (the template autoescapes them)."""
    if not text:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


templates.env.filters["paragraphs"] = paragraphs


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200,
    *, shareable: bool = False,
) -> HTMLResponse:
    """``shareable``: the page shows only public content and nothing personal (no form token),
    so caches may keep it (portal/response_cache.py)."""
    response = templates.TemplateResponse(request, name, context or {}, status_code=status_code)
    seconds = int(get_settings().response_cache_seconds)
    if shareable and status_code == 200 and seconds > 0:
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response
