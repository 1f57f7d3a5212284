"""`portal draw verify TASK | --all [--full]` (registered by portal.cli).

Without ``--full`` only published data is used, exactly as the public "verify this draw" page
does. ``--full`` (auditors on the server) also recomputes the draw from the private labelled
frame and conflict declarations and checks the record against the audit log.
Exit status 1 when any draw does not match.
"""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console

from portal.config import get_settings
from portal.core import db
from portal.sampling import queries, verification

draw_app = typer.Typer(help="双随机抽取：verify", no_args_is_help=True)
console = Console()


async def _verify(task: int | None, every: bool, full: bool) -> list[verification.Verdict]:
    await db.connect(get_settings().db_url)
    try:
        if every:
            ids = await queries.public_draw_task_ids()
        else:
            ids = [task] if task is not None else []
        out = []
        for task_id in ids:
            check = verification.verify_full if full else verification.verify_task
            verdict = await check(task_id)
            if verdict is not None:
                out.append(verdict)
        return out
    finally:
        await db.close()


@draw_app.command("verify")
def verify(
    task: int = typer.Argument(None, help="The task number (see the public plan page)."),
    every: bool = typer.Option(False, "--all", help="Every public task with a draw."),
    full: bool = typer.Option(False, "--full", help="Auditor: also the private frame and the audit log."),
) -> None:
    """Recompute draws from public data and say whether they match."""
    if task is None and not every:
        console.print("[red]请给出任务编号，或使用 --all。[/red]")
        raise typer.Exit(2)
    verdicts = asyncio.run(_verify(task, every, full))
    if not verdicts:
        console.print("[yellow]没有可核验的公开抽取记录。[/yellow]")
        raise typer.Exit(1)
    bad = 0
    for v in verdicts:
        if v.ok:
            state = "已抽取，结果一致" if v.drawn else "已公布承诺，尚未抽取；名录与摘要一致"
            console.print(f"任务 {v.task_id}: [green]MATCH[/green] {state}")
        else:
            bad += 1
            console.print(f"任务 {v.task_id}: [red]MISMATCH[/red]")
            for problem in v.problems:
                console.print(f"  - {problem}")
    raise typer.Exit(1 if bad else 0)
