"""`portal reindex [--kind]` and `portal indexer`: registered on the portal CLI."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from portal.config import get_settings
from portal.core import db
from search import specs
from search.backend import BackendUnavailable
from search.indexer import pending
from search.reindex import reindex as rebuild
from search.runtime import make_backend
from search.worker import Worker

console = Console()
T = TypeVar("T")
KIND_HELP = f"只重建这些类别（可重复）：{', '.join(specs.KINDS)}"


def _run(work: Callable[[], Awaitable[T]]) -> T:
    async def runner() -> T:
        await db.connect(get_settings().db_url)
        try:
            return await work()
        finally:
            await db.close()

    return asyncio.run(runner())


def reindex(
    kind: list[str] = typer.Option(None, "--kind", help=KIND_HELP),
) -> None:
    """Rebuild the search index from the database (public records only)."""
    kinds = [specs.canonical_kind(k) or k for k in kind or []]
    unknown = [k for k in kinds if k not in specs.SPECS]
    if unknown:
        console.print(f"[red]未知类别：{', '.join(unknown)}；可选：{', '.join(specs.KINDS)}[/red]")
        raise typer.Exit(2)
    backend = make_backend(get_settings())

    async def work() -> int:
        totals = {k: await specs.count_public(k) for k in kinds or specs.KINDS}
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        started = time.perf_counter()
        with Progress(*columns, console=console) as bar:
            tasks = {k: bar.add_task(specs.SPECS[k].label, total=n) for k, n in totals.items()}
            try:
                done = await rebuild(backend, list(totals),
                                     progress=lambda k, n: bar.advance(tasks[k], n))
            finally:
                await backend.close()
        count = sum(t.documents for t in done)
        seconds = time.perf_counter() - started
        console.print(f"[green]已重建搜索索引（{backend.name}）：{count} 条，用时 {seconds:.1f} 秒[/green]")
        return count

    try:
        _run(work)
    except BackendUnavailable as error:
        console.print(f"[red]搜索后端不可用：{error}[/red]")
        raise typer.Exit(1) from None


def indexer(
    poll: float = typer.Option(1.0, help="Seconds between outbox polls."),
    once: bool = typer.Option(False, "--once", help="Drain what is due, then exit."),
) -> None:
    """Run the search indexer: apply outbox events to the search index until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    backend = make_backend(get_settings())
    worker = Worker(backend, poll=poll)

    async def work() -> None:
        console.print(f"搜索索引任务已启动（{backend.name}），待处理事件 {await pending()} 条")
        try:
            if once:
                await worker.step()
                return
            task = asyncio.ensure_future(worker.run())
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, task.cancel)
            try:
                await task
            except asyncio.CancelledError:
                console.print("搜索索引任务已停止。")
        finally:
            await backend.close()

    try:
        _run(work)
    except BackendUnavailable as error:
        console.print(f"[red]搜索后端不可用：{error}[/red]")
        raise typer.Exit(1) from None
