"""`portal` command line: serve, migrate, seed, check, export-schema."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console

from portal.config import PROJECT_ROOT, get_settings
from portal.core import db
from portal.core.errors import DomainError
from portal.identity.cli import audit_app, clients_app, staff_app
from portal.sampling.cli import draw_app
from portal.tips.cli import tips_app
from search import cli as search_cli

app = typer.Typer(help="阳光监管门户 — command line", no_args_is_help=True)
app.command("reindex")(search_cli.reindex)
app.command("indexer")(search_cli.indexer)
app.add_typer(staff_app, name="staff")
app.add_typer(clients_app, name="clients")
app.add_typer(audit_app, name="audit")
app.add_typer(draw_app, name="draw")
app.add_typer(tips_app, name="tips")
console = Console()
T = TypeVar("T")


def _with_db(work: Callable[[], Awaitable[T]]) -> T:
    async def runner() -> T:
        await db.connect(get_settings().db_url)
        try:
            return await work()
        finally:
            await db.close()

    return asyncio.run(runner())


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    settings = get_settings()
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)

    async def run() -> None:
        await db.migrate(settings.db_url)
        await db.close()
        await db.connect(settings.db_url)
        await db.analyze()
        await db.close()

    asyncio.run(run())
    console.print(f"[green]数据库已迁移到最新版本[/green] ({_safe_url(settings.db_url)})")


@app.command()
def seed(
    demo: bool = typer.Option(False, "--demo", help="Load the full demo dataset."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if data exists."),
) -> None:
    """Load the rule table and reference data; with --demo, the demo dataset."""
    from portal.demo.seed import database_is_empty, seed_base, seed_demo

    async def run() -> str:
        if if_empty and not await database_is_empty():
            return "数据库已有数据，跳过示例数据加载。"
        await seed_base()
        if demo:
            counts = await seed_demo()
            await db.analyze()
            return "示例数据已加载：" + "，".join(f"{k} {v}" for k, v in counts.items())
        return "规则表与参考数据已加载。"

    try:
        console.print(_with_db(run))
    except DomainError as error:  # e.g. demo data already present: a message, not a traceback
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None


@app.command()
def check() -> None:
    """Check settings and connectivity (database, migrations)."""
    settings = get_settings()
    console.print(f"数据库: {_safe_url(settings.db_url)}")
    console.print(f"数据目录: {settings.var_dir}")

    async def run() -> list[str]:
        from portal.core.health import problems

        return await problems()

    try:
        found = _with_db(run)
    except Exception as error:  # connectivity failures are reported, not raised
        console.print(f"[red]无法连接数据库：{error}[/red]")
        raise typer.Exit(1) from None
    for line in found:
        console.print(f"[red]✗ {line}[/red]")
    if found:
        raise typer.Exit(1)
    console.print("[green]✓ 设置与连接正常[/green]")


@app.command()
def serve(
    host: str = typer.Option(None, help="Bind address (default from settings)."),
    port: int = typer.Option(None, help="Port (default from settings)."),
    workers: int = typer.Option(None, help="Worker processes."),
) -> None:
    """Serve the portal with uvicorn."""
    import uvicorn

    from portal.identity.demo import demo_login_hint

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    base = f"http://{host}:{port}"
    if not settings.base_url:  # the login redirects must name the address actually served
        os.environ["PORTAL_BASE_URL"] = base
        get_settings.cache_clear()
    console.print(f"公众门户  {base}/\nGraphQL   {base}/graphql\nGraphiQL  {base}/graphiql")
    console.print(f"后台      {base}/backoffice/")
    with contextlib.suppress(Exception):  # not migrated yet: no demo hint
        console.print(_with_db(lambda: demo_login_hint(settings.base_url or base)) or "")
    uvicorn.run(
        "portal.asgi:app", host=host, port=port, workers=workers or settings.serve_workers,
        log_level="info", access_log=False, proxy_headers=True,
    )


@app.command()
def expire() -> None:
    """End public display of penalties and list entries whose window has ended (for cron)."""
    from portal.credit.expiry import expire_windows

    report = _with_db(expire_windows)
    console.print(
        f"公示期满处理完成：行政处罚 {report.penalties} 条，名录 {report.list_entries} 条，"
        f"公告 {report.notices} 条"
    )


@app.command("export-schema")
def export_schema(
    out: Path = typer.Option(None, help="Output file (default schema/public.graphql or staff.graphql)."),
    staff: bool = typer.Option(False, "--staff", help="The staff schema instead of the public one."),
) -> None:
    """Write the public (or, with --staff, the staff) GraphQL SDL (committed, snapshot-tested)."""
    from schema import public
    from schema import staff as staff_schema

    out = out or PROJECT_ROOT / "schema" / ("staff.graphql" if staff else "public.graphql")
    out.write_text((staff_schema if staff else public).sdl(), encoding="utf-8")
    console.print(f"已写入 {out}")


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url


def main() -> None:  # pragma: no cover
    sys.exit(app())
