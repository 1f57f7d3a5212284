"""`portal tips …`: key rotation and key status (registered by portal.cli)."""

from __future__ import annotations

import asyncio
import getpass

import typer
from rich.console import Console

from portal.config import get_settings
from portal.core import db
from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError
from portal.tips import keys, rotation
from portal.tips.crypto import Keyring

tips_app = typer.Typer(help="举报投诉加密密钥：new-key | rewrap | key-status", no_args_is_help=True)
console = Console()


def _operator() -> Actor:
    return Actor(id=f"cli:{getpass.getuser()}"[:100], kind=ActorKind.SYSTEM, display_name="命令行")


@tips_app.command("new-key")
def new_key(print_only: bool = typer.Option(False, "--print", help="只打印一个新密钥，不写文件")) -> None:
    """Add a key-encryption key (active from now on); then run `portal tips rewrap`."""
    if print_only:
        number = len(keys.keyring().keys) + 1
        console.print(f"k{number}:{Keyring.new_key()}")
        return
    try:
        key_id = rotation.add_key_to_file()
    except DomainError as error:
        console.print(f"[red]✗ {error.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[green]✓ 已添加并启用密钥 {key_id}（{keys.key_file()}）；请运行 portal tips rewrap[/green]")


@tips_app.command("rewrap")
def rewrap() -> None:
    """Re-wrap every stored data key under the active key (content is not re-encrypted)."""

    async def work() -> int:
        await db.connect(get_settings().db_url)
        try:
            return await rotation.rewrap_all(_operator())
        finally:
            await db.close()

    changed = asyncio.run(work())
    console.print(f"[green]✓ 已用密钥 {keys.keyring().active} 重新封装 {changed} 个数据密钥[/green]")


@tips_app.command("key-status")
def key_status() -> None:
    """How many sealed values each key wraps (an old key can go once it wraps none)."""

    async def work() -> dict[str, int]:
        await db.connect(get_settings().db_url)
        try:
            return dict(await rotation.key_usage())
        finally:
            await db.close()

    usage = asyncio.run(work())
    ring = keys.keyring()
    for key_id in ring.keys:
        mark = "（启用）" if key_id == ring.active else ""
        console.print(f"{key_id}{mark}: {usage.get(key_id, 0)}")
