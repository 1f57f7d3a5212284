"""Jinja2 environment and the page helpers shared by every view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from public_site import labels

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals["labels"] = labels
templates.env.filters["cn_date"] = lambda d: labels.cn_date(d)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    ctx = {"today": dt.date.today(), **(context or {})}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
