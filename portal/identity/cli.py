"""`portal staff …`, `portal clients …` and `portal audit …` (registered by portal.cli).

Commands run as a system actor named after the operating-system user ("cli:<user>"): whoever
can run them on the server is trusted, and every change they make is in the audit log.
Generated passwords, TOTP secrets and client secrets are printed once and never stored.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table

from portal.config import get_settings
from portal.core import audit, db
from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError
from portal.core.policies import ROLE_LABELS
from portal.identity import clients, secrets, services
from portal.identity.models import OAuthClient, StaffAccount
from portal.identity.principals import parse_assignments, resolve_department
from portal.identity.queries import assignments_for_staff

staff_app = typer.Typer(help="工作人员账号：create | list | disable | enable | reset-totp | reset-password | unlock", no_args_is_help=True)
clients_app = typer.Typer(help="OAuth 客户端（部门系统）：create | list | disable", no_args_is_help=True)
audit_app = typer.Typer(help="审计日志：verify | anchor", no_args_is_help=True)
console = Console()
T = TypeVar("T")


def _operator() -> Actor:
    return Actor(id=f"cli:{getpass.getuser()}"[:100], kind=ActorKind.SYSTEM, display_name="命令行")


def _run(work: Callable[[], Awaitable[T]]) -> T:
    async def runner() -> T:
        await db.connect(get_settings().db_url)
        try:
            return await work()
        finally:
            await db.close()

    try:
        return asyncio.run(runner())
    except DomainError as error:
        console.print(f"[red]✗ {error.message}[/red]")
        raise typer.Exit(1) from None


async def _account(username: str) -> StaffAccount:
    account = await StaffAccount.get_or_none(username=username.strip().lower())
    if account is None:
        raise DomainError(f"没有登录名为“{username}”的账号。")
    return account


def _show_secrets(issued: services.IssuedSecrets) -> None:
    if issued.password:
        console.print(f"初始密码（仅显示这一次）：[bold]{issued.password}[/bold]")
    if issued.totp_secret:
        console.print(f"动态口令密钥（仅显示这一次）：[bold]{issued.totp_secret}[/bold]")
        console.print(f"添加到身份验证器：{issued.totp_uri}")


@staff_app.command("create")
def staff_create(
    username: str = typer.Argument(..., help="登录名（小写字母、数字、. _ -）"),
    name: str = typer.Option(..., "--name", help="姓名"),
    role: list[str] = typer.Option([], "--role", help="角色@部门，如 editor@12、reviewer@义乌市市场监督管理局、administrator@*（可重复）"),
    email: str = typer.Option("", help="电子邮箱"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码（否则自动生成）"),
    totp: bool | None = typer.Option(None, "--totp/--no-totp", help="启用动态口令（管理员必须启用）"),
    reason: str = typer.Option("", help="理由（记入审计日志）"),
) -> None:
    """Create a staff account."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None

    async def work() -> services.IssuedSecrets:
        assignments = await parse_assignments(role)
        return await services.create_staff(
            _operator(), username=username, display_name=name, assignments=assignments,
            email=email, password=password, totp=totp, reason=reason,
        )

    issued = _run(work)
    console.print(f"[green]✓ 已创建账号 {issued.account.username}[/green]")
    _show_secrets(issued)


def _by_name(action: Callable[[Actor, int], Awaitable[T]]) -> Callable[[str], T]:
    def run(username: str) -> T:
        async def work() -> T:
            return await action(_operator(), (await _account(username)).id)

        return _run(work)

    return run


@staff_app.command("disable")
def staff_disable(username: str, reason: str = typer.Option(..., help="停用理由")) -> None:
    """Disable an account (it can no longer log in; its sessions and tokens stop working)."""
    _by_name(lambda a, i: services.disable_staff(a, i, reason=reason))(username)
    console.print(f"[green]✓ 已停用 {username}[/green]")


@staff_app.command("enable")
def staff_enable(username: str, reason: str = typer.Option(..., help="启用理由")) -> None:
    """Enable a disabled account again."""
    _by_name(lambda a, i: services.enable_staff(a, i, reason=reason))(username)
    console.print(f"[green]✓ 已启用 {username}[/green]")


@staff_app.command("reset-totp")
def staff_reset_totp(username: str, reason: str = typer.Option(..., help="重置理由")) -> None:
    """Issue a new TOTP secret (printed once); the old one stops working."""
    issued = _by_name(lambda a, i: services.reset_totp(a, i, reason=reason))(username)
    console.print(f"[green]✓ 已重置 {username} 的动态口令[/green]")
    _show_secrets(issued)


@staff_app.command("reset-password")
def staff_reset_password(username: str, reason: str = typer.Option(..., help="重置理由")) -> None:
    """Replace the password with a generated one (printed once) and lift any lockout."""
    issued = _by_name(lambda a, i: services.reset_password(a, i, reason=reason))(username)
    console.print(f"[green]✓ 已重置 {username} 的密码[/green]")
    _show_secrets(issued)


@staff_app.command("unlock")
def staff_unlock(username: str, reason: str = typer.Option(..., help="解锁理由")) -> None:
    """Lift a lockout caused by failed logins."""
    _by_name(lambda a, i: services.unlock_staff(a, i, reason=reason))(username)
    console.print(f"[green]✓ 已解锁 {username}[/green]")


@staff_app.command("list")
def staff_list() -> None:
    """List every staff account with its roles."""

    async def work() -> list[tuple[StaffAccount, list[str]]]:
        accounts = await StaffAccount.all().order_by("username")
        roles = await assignments_for_staff([a.id for a in accounts])
        return [(a, [f"{ROLE_LABELS[r.role]}@{r.department_id or '*'}" for r in rs])
                for a, rs in zip(accounts, roles, strict=True)]

    table = Table("登录名", "姓名", "角色@部门", "状态", "动态口令")
    for account, roles in _run(work):
        table.add_row(account.username, account.display_name, "，".join(roles) or "—",
                      "启用" if account.is_active else "停用", "是" if account.totp_secret else "否")
    console.print(table)


@staff_app.command("totp-code", hidden=True)
def staff_totp_code(username: str) -> None:
    """Print the current TOTP code of a *demo* account (refused for real accounts)."""

    async def work() -> str:
        account = await _account(username)
        if not account.is_demo or not account.totp_secret:
            raise DomainError("只能为演示账号显示动态口令。")
        from portal.core import clock

        return secrets.totp_code(account.totp_secret, secrets.totp_step(clock.now()))

    console.print(_run(work))


@clients_app.command("create")
def clients_create(
    name: str = typer.Argument(..., help="客户端名称，如 “义乌市局执法办案系统”"),
    scope: list[str] = typer.Option(..., "--scope", help="授权范围（可重复），如 audit:read"),
    department: str = typer.Option(None, "--department", help="所属部门编号或全称（缺省：全部门）"),
    grant_type: list[str] = typer.Option(["client_credentials"], "--grant-type"),
    redirect_uri: list[str] = typer.Option([], "--redirect-uri"),
    client_id: str = typer.Option(None, "--client-id", help="客户端编号（缺省自动生成）"),
    reason: str = typer.Option("", help="理由（记入审计日志）"),
) -> None:
    """Register a client; its secret is printed once."""

    async def work() -> clients.IssuedClient:
        return await clients.create_client(
            _operator(), name=name, department_id=await resolve_department(department),
            scopes=scope, grant_types=grant_type, redirect_uris=redirect_uri,
            client_id=client_id, reason=reason,
        )

    issued = _run(work)
    console.print(f"[green]✓ 已登记客户端[/green] client_id = [bold]{issued.client.client_id}[/bold]")
    console.print(f"client_secret（仅显示这一次）= [bold]{issued.secret}[/bold]")


@clients_app.command("disable")
def clients_disable(client_id: str, reason: str = typer.Option(..., help="停用理由")) -> None:
    """Disable a client: its tokens stop working at the next request."""

    async def work() -> None:
        client = await OAuthClient.get_or_none(client_id=client_id)
        if client is None:
            raise DomainError(f"没有编号为“{client_id}”的客户端。")
        await clients.set_client_active(_operator(), client.id, False, reason=reason)

    _run(work)
    console.print(f"[green]✓ 已停用客户端 {client_id}[/green]")


@clients_app.command("list")
def clients_list() -> None:
    """List registered clients."""
    table = Table("client_id", "名称", "部门", "授权范围", "状态")
    for c in _run(lambda: OAuthClient.all().order_by("client_id")):
        table.add_row(c.client_id, c.name, str(c.department_id or "*"),  # type: ignore[attr-defined]
                      c.scope, "启用" if c.is_active else "停用")
    console.print(table)


def _anchors_file(path: Path | None) -> Path:
    return path or get_settings().var_dir / "audit-anchors.txt"


@audit_app.command("verify")
def audit_verify(
    anchors: Path = typer.Option(None, help="锚点文件（缺省 var/audit-anchors.txt，存在时检查）"),
) -> None:
    """Walk the hash chain and check recorded anchors; exit 1 on any problem."""
    file = _anchors_file(anchors)

    async def work() -> tuple[list[audit.ChainProblem], audit.Head, int]:
        recorded = []
        if file.exists():
            for line in file.read_text(encoding="utf-8").splitlines():
                anchor = audit.parse_anchor(line)
                if anchor:
                    recorded.append(anchor)
        problems = await audit.verify() + await audit.check_anchors(recorded)
        return problems, await audit.head(), len(recorded)

    try:
        problems, current, checked = _run(work)
    except ValueError as error:
        console.print(f"[red]✗ {error}[/red]")
        raise typer.Exit(2) from None
    for problem in sorted(problems, key=lambda p: p.seq):
        console.print(f"[red]✗ 第 {problem.seq} 条：{problem.problem}[/red]")
    if problems:
        console.print(f"[red]审计日志校验失败：发现 {len(problems)} 处问题。[/red]")
        raise typer.Exit(1)
    console.print(f"[green]✓ 审计日志完整[/green]：共 {current.seq} 条，已核对 {checked} 个锚点。")
    console.print(f"链头：{current.line()}")


@audit_app.command("anchor")
def audit_anchor(anchors: Path = typer.Option(None, help="锚点文件（缺省 var/audit-anchors.txt）")) -> None:
    """Append the current chain head to the anchors file (keep a copy off this server)."""
    file = _anchors_file(anchors)
    current = _run(audit.head)
    from portal.core import clock

    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("a", encoding="utf-8") as out:
        out.write(f"{current.line()} {clock.now().isoformat(timespec='seconds')}\n")
    console.print(f"已记录锚点 {current.line()} → {file}")
