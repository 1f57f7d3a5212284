"""ASGI entry point for uvicorn: `portal.asgi:app`."""

from __future__ import annotations

from portal.app import create_app

app = create_app()
