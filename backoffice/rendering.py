"""Jinja2 environment for the back office and the provider's pages (zh-CN, no inline code)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from backoffice import csrf
from portal.core import clock
from portal.core.policies import ROLE_LABELS, Role

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def _role_label(role: object) -> str:
    try:
        return ROLE_LABELS[Role(str(role))]
    except ValueError:
        return str(role)


def _cn_time(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(clock.CST).strftime("%Y-%m-%d %H:%M:%S")


templates.env.globals["role_label"] = _role_label
templates.env.globals["roles"] = list(Role)
templates.env.filters["cn_time"] = _cn_time


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    ctx = {"csrf_token": csrf.token(request), **(context or {})}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
