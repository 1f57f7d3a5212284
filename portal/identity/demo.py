"""Demo staff accounts and a demo department system, for `portal seed --demo` only.

Every demo account has the password :data:`DEMO_PASSWORD`; the administrators also need a
TOTP code from the fixed, documented secret :data:`DEMO_TOTP_SECRET` (or run
``portal staff totp-code demo-admin``, which works for demo accounts only). Demo accounts are
flagged ``is_demo``: never seed them into a production database.
"""

from __future__ import annotations

from portal.core.actors import SYSTEM
from portal.core.policies import ROLE_LABELS, Assignment, Role
from portal.identity import clients, secrets, services
from portal.identity.models import OAuthClient, StaffAccount
from portal.reference.models import Department

DEMO_PASSWORD = "sunlight-demo"
DEMO_TOTP_SECRET = "SUNLIGHTDEMOADMINTOTPSECRET23456"
DEMO_ADMIN = "demo-admin"
DEMO_CLIENT_ID = "demo-dept-system"
DEMO_CLIENT_SECRET = "demo-client-secret-change-me"
# Preferred demo departments (by name); otherwise the first departments found.
PREFERRED_DEPARTMENTS = ("义乌市市场监督管理局", "金华市市场监督管理局", "浙江省市场监督管理局")

# (username, display name, role, which department: 0 first, 1 second, None every department)
ACCOUNTS: list[tuple[str, str, Role, int | None]] = [
    (DEMO_ADMIN, "演示管理员", Role.ADMINISTRATOR, None),
    ("demo-dept-admin", "部门管理员（演示）", Role.ADMINISTRATOR, 0),
    ("demo-editor", "录入员（演示）", Role.EDITOR, 0),
    ("demo-reviewer", "审核员（演示）", Role.REVIEWER, 0),
    ("demo-legal", "法制审核员（演示）", Role.LEGAL_REVIEWER, 0),
    ("demo-credit", "信用修复专员（演示）", Role.CREDIT_OFFICER, 0),
    ("demo-tips", "投诉举报办理员（演示）", Role.TIP_HANDLER, 0),
    ("demo-custodian", "身份保管人（演示）", Role.IDENTITY_CUSTODIAN, 0),
    ("demo-tips-lead", "投诉举报督办（演示）", Role.TIP_SUPERVISOR, 0),
    ("demo-editor-2", "录入员二（演示）", Role.EDITOR, 1),
]


async def _departments() -> list[int]:
    preferred = {d.name: d.id for d in await Department.filter(name__in=list(PREFERRED_DEPARTMENTS))}
    ordered = [preferred[n] for n in PREFERRED_DEPARTMENTS if n in preferred]
    others = await Department.exclude(id__in=ordered).order_by("id").limit(2)
    return ordered + [d.id for d in others]


async def seed_demo_staff() -> dict[str, int]:
    """Create the demo accounts and client if missing; returns how many were created."""
    departments = await _departments()
    created = 0
    for username, name, role, which in ACCOUNTS:
        if await StaffAccount.exists(username=username):
            continue
        department = None
        if which is not None and departments:
            department = departments[min(which, len(departments) - 1)]
        issued = await services.create_staff(
            SYSTEM, username=username, display_name=name, assignments=[Assignment(role, department)],
            password=DEMO_PASSWORD, is_demo=True, reason="演示数据",
        )
        if issued.totp_secret:
            issued.account.totp_secret = DEMO_TOTP_SECRET
            await issued.account.save(update_fields=["totp_secret"])
        created += 1
    clients_created = 0
    if not await OAuthClient.exists(client_id=DEMO_CLIENT_ID):
        issued_client = await clients.create_client(
            SYSTEM, name="演示部门系统", department_id=departments[0] if departments else None,
            scopes=["audit:read", "staff:read"], client_id=DEMO_CLIENT_ID, reason="演示数据",
        )
        issued_client.client.secret_hash = secrets.digest(DEMO_CLIENT_SECRET)
        await issued_client.client.save(update_fields=["secret_hash"])
        clients_created = 1
    if created:
        print(demo_login_text())
    return {"演示工作人员账号": created, "演示部门系统客户端": clients_created}


async def add_demo_staff(counts: dict[str, int]) -> dict[str, int]:
    """For portal.demo.seed: merge the demo staff counts into the dataset's counts."""
    return {**counts, **await seed_demo_staff()}


def demo_login_text(base_url: str = "http://127.0.0.1:8000") -> str:
    uri = secrets.totp_uri(DEMO_TOTP_SECRET, DEMO_ADMIN)
    others = "、".join(f"{u}（{ROLE_LABELS[r]}）" for u, _, r, _ in ACCOUNTS[2:])
    return "\n".join([
        f"后台登录：{base_url}/backoffice/",
        f"  演示管理员  登录名 {DEMO_ADMIN}  密码 {DEMO_PASSWORD}",
        f"  动态口令：运行 `portal staff totp-code {DEMO_ADMIN}` 取得当前6位码，",
        f"            或把密钥 {DEMO_TOTP_SECRET} 加入身份验证器（{uri}）",
        f"  其他演示账号（密码同上，无需动态口令）：{others}",
        f"  部门系统客户端：client_id {DEMO_CLIENT_ID}  client_secret {DEMO_CLIENT_SECRET}",
    ])


async def demo_login_hint(base_url: str) -> str | None:
    """The login text for `portal serve`, if the demo administrator exists."""
    if not await StaffAccount.exists(username=DEMO_ADMIN, is_demo=True, is_active=True):
        return None
    return demo_login_text(base_url)
