"""Readable test objects in named states. Every helper writes real rows."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from portal.channels.models import ChannelKind, ComplaintChannel
from portal.core import clock
from portal.core.ids import make_uscc
from portal.core.models import RuleSubject
from portal.core.publication import PublicationState
from portal.core.rules import compute_window
from portal.credit.models import ListEntry, ListKind, Penalty, Severity
from portal.enterprises.models import Enterprise
from portal.inspections.models import InspectionResult, ResultCode
from portal.reference.models import Department, DepartmentLevel, Industry, Region
from portal.regulations.models import Regulation
from portal.sampling.models import InspectionItem, ItemCategory, SamplingPlan, SamplingTask

_seq = itertools.count(1)
PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT


def _pub(state: PublicationState) -> dict[str, Any]:
    published_at = clock.now() - dt.timedelta(days=1) if state == PUBLISHED else None
    return {"publication_state": state, "published_at": published_at}


async def region(code: str = "330782", name: str = "义乌市") -> Region:
    province, _ = await Region.get_or_create(code=code[:2] + "0000", defaults={"name": "浙江省"})
    parent = province
    if not code.endswith("00"):
        parent, _ = await Region.get_or_create(
            code=code[:4] + "00", defaults={"name": "金华市", "parent": province}
        )
    if code == province.code:
        return province
    found, _ = await Region.get_or_create(code=code, defaults={"name": name, "parent": parent})
    return found


async def industry(code: str = "F5211", name: str = "百货零售") -> Industry:
    found, _ = await Industry.get_or_create(code=code, defaults={"name": name})
    return found


async def department(name: str = "义乌市市场监督管理局", region_code: str = "330782") -> Department:
    reg = await region(region_code)
    found, _ = await Department.get_or_create(
        name=name, defaults={"level": DepartmentLevel.COUNTY, "region": reg}
    )
    return found


async def enterprise(name: str | None = None, region_code: str = "330782", **extra: Any) -> Enterprise:
    n = next(_seq)
    reg = await region(region_code)
    ind = await industry()
    code = make_uscc("9", "1", region_code, f"MA{n:06d}")
    return await Enterprise.create(
        uscc=code, name=name or f"企业{n}（测试）有限公司", region=reg, industry=ind,
        established_on=dt.date(2015, 3, 1), **extra,
    )


async def result(
    ent: Enterprise, state: PublicationState = PUBLISHED, code: ResultCode = ResultCode.NO_PROBLEM,
    on: dt.date = dt.date(2025, 5, 10), dept: Department | None = None, **extra: Any,
) -> InspectionResult:
    dept = dept or await department()
    return await InspectionResult.create(
        enterprise=ent, department=dept, inspected_on=on, result_code=code, **_pub(state), **extra
    )


async def penalty(
    ent: Enterprise, state: PublicationState = PUBLISHED, severity: Severity = Severity.GENERAL,
    decided_on: dt.date = dt.date(2025, 3, 1), dept: Department | None = None, **extra: Any,
) -> Penalty:
    dept = dept or await department()
    window = await compute_window(RuleSubject.PENALTY, severity.value, decided_on)
    return await Penalty.create(
        enterprise=ent, department=dept, decision_number=f"义市监处罚〔2025〕{next(_seq)}号",
        decided_on=decided_on, severity=severity, violation="销售不合格商品",
        displayed_until=window.displayed_until, repairable_from=window.repairable_from,
        display_rule_id=window.rule_id, **_pub(state), **extra,
    )


async def list_entry(
    ent: Enterprise, kind: ListKind = ListKind.ABNORMAL, state: PublicationState = PUBLISHED,
    listed_on: dt.date = dt.date(2025, 1, 10), removed_on: dt.date | None = None, **extra: Any,
) -> ListEntry:
    dept = await department()
    window = await compute_window(RuleSubject.LIST_ENTRY, kind.value, listed_on)
    return await ListEntry.create(
        enterprise=ent, department=dept, kind=kind, reason="通过登记的住所无法联系",
        listed_on=listed_on, removed_on=removed_on, displayed_until=window.displayed_until,
        repairable_from=window.repairable_from, display_rule_id=window.rule_id, **_pub(state),
        **extra,
    )


async def regulation(title: str = "关于加强政府监管工作的意见", state: PublicationState = PUBLISHED,
                     **extra: Any) -> Regulation:
    return await Regulation.create(
        title=title, doc_number="德府发〔2018〕50号", issuer="德惠市人民政府",
        issued_on=dt.date(2018, 12, 18), body="正文", **_pub(state), **extra,
    )


async def item(code: str | None = None, state: PublicationState = PUBLISHED) -> InspectionItem:
    n = next(_seq)
    return await InspectionItem.create(
        code=code or f"SCJG-{n:04d}", name=f"检查事项{n}", category=ItemCategory.KEY,
        department=await department(), **_pub(state),
    )


async def plan(name: str = "2025年度双随机抽查计划", state: PublicationState = PUBLISHED,
               year: int = 2025) -> SamplingPlan:
    return await SamplingPlan.create(
        year=year, name=name, lead_department=await department(), **_pub(state)
    )


async def task(p: SamplingPlan, state: PublicationState = PUBLISHED) -> SamplingTask:
    return await SamplingTask.create(
        plan=p, name=f"{p.name} 任务{next(_seq)}", department=await department(), **_pub(state)
    )


async def channel(name: str = "12315 消费者投诉举报热线", state: PublicationState = PUBLISHED,
                  kind: ChannelKind = ChannelKind.HOTLINE, region_code: str | None = None
                  ) -> ComplaintChannel:
    reg = await region(region_code) if region_code else None
    return await ComplaintChannel.create(
        name=name, kind=kind, contact="12315", region=reg, **_pub(state)
    )


# --- helpers for the public site tests (named objects with the fields the pages filter on) ---


async def inspection_item(
    name: str, *, category: ItemCategory = ItemCategory.KEY, dept: Department | None = None,
    state: PublicationState = PUBLISHED, **extra: Any,
) -> InspectionItem:
    return await InspectionItem.create(
        code=f"SCJG-{next(_seq):04d}", name=name, category=category,
        department=dept or await department(), **_pub(state), **extra,
    )


async def joint_plan(
    name: str = "2025年度跨部门联合抽查计划", *, year: int = 2025, lead: Department | None = None,
    participants: tuple[Department, ...] = (), items: tuple[InspectionItem, ...] = (),
    state: PublicationState = PUBLISHED, **extra: Any,
) -> SamplingPlan:
    """A plan with a lead department, participating departments and items (联合抽查)."""
    p = await SamplingPlan.create(
        year=year, name=name, lead_department=lead or await department(), **_pub(state), **extra
    )
    if participants:
        await p.participants.add(*participants)
    if items:
        await p.items.add(*items)
    return p


async def list_entry_by(
    dept: Department, ent: Enterprise, kind: ListKind = ListKind.ABNORMAL,
    state: PublicationState = PUBLISHED, listed_on: dt.date = dt.date(2025, 1, 10), **extra: Any,
) -> ListEntry:
    """A list entry decided by a given department."""
    window = await compute_window(RuleSubject.LIST_ENTRY, kind.value, listed_on)
    return await ListEntry.create(
        enterprise=ent, department=dept, kind=kind, reason="未按规定报送年度报告",
        listed_on=listed_on, displayed_until=window.displayed_until,
        repairable_from=window.repairable_from, display_rule_id=window.rule_id, **_pub(state),
        **extra,
    )


async def channel_at(
    name: str, *, kind: ChannelKind, contact: str, region_code: str | None = None,
    state: PublicationState = PUBLISHED, **extra: Any,
) -> ComplaintChannel:
    """A complaint channel of any kind, optionally tied to a region."""
    reg = await region(region_code) if region_code else None
    return await ComplaintChannel.create(
        name=name, kind=kind, contact=contact, region=reg, **_pub(state), **extra
    )


async def regulation_with(
    title: str, *, issued_on: dt.date | None = dt.date(2018, 12, 18), body: str = "正文",
    state: PublicationState = PUBLISHED, **extra: Any,
) -> Regulation:
    """A regulation whose issue date and body the test chooses."""
    extra.setdefault("doc_number", "德府发〔2018〕50号")
    extra.setdefault("issuer", "德惠市人民政府")
    return await Regulation.create(
        title=title, issued_on=issued_on, body=body, **_pub(state), **extra
    )


# --- 双随机 draws (issue 8): directories, plan settings ---------------------------------------

async def target(ent: Enterprise, grade: str = "B", tags: str = "food",
                 dept: Department | None = None) -> Any:
    from portal.sampling.directory import RiskGrade, TargetProfile

    return await TargetProfile.create(enterprise=ent, department=dept or await department(),
                                      scope_tags=tags, risk_grade=RiskGrade(grade))


async def inspector(cert: str | None = None, quals: str = "food,general",
                    dept: Department | None = None, staff_id: int | None = None) -> Any:
    from portal.sampling.directory import Inspector

    n = next(_seq)
    return await Inspector.create(certificate_no=cert or f"ZJ{n:06d}", name=f"检查员{n}",
                                  department=dept or await department(), qualifications=quals,
                                  staff_id=staff_id)


async def drawable_task(targets: int = 40, inspectors: int = 6, year: int = 2025,
                        **setting: Any) -> SamplingTask:
    """A public plan and task with a draw setting, a target directory (grades A–D in turn)
    and an inspector directory: ready for ``commit_draw``."""
    from portal.sampling.records import PlanSetting

    p = await plan(year=year)
    await PlanSetting.create(plan=p, **{"scope_tags": "food", "required_qualifications": "food",
                                        "ratio_a": 10, "ratio_b": 20, "ratio_c": 30,
                                        "ratio_d": 50, **setting})
    t = await task(p)
    for n in range(targets):
        await target(await enterprise(), grade="ABCD"[n % 4])
    for _ in range(inspectors):
        await inspector()
    return t
# --- credit self-service (issue 7) -------------------------------------------------------------

async def enterprise_account(
    ent: Enterprise, username: str | None = None, *, verified: bool = True, admin: bool = True,
    password: str = "enterprise-pass-1",
) -> Any:
    """An enterprise user bound to ``ent`` ("企业用户 (已核验, 管理员)" by default)."""
    from portal.enterprise_accounts.models import EnterpriseAccount
    from portal.identity import secrets

    return await EnterpriseAccount.create(
        username=username or f"ent-user-{next(_seq)}", display_name="企业联系人",
        password_hash=secrets.hash_password(password), enterprise=ent, is_admin=admin,
        verified_at=clock.now() if verified else None, verified_by="test" if verified else "",
    )
# --- publication review (issue 5) ---------------------------------------------------------

def staff_as(role: str, dept: Department | int, number: int = 1, *extra_roles: str) -> Any:
    """A staff actor holding ``role`` (and ``extra_roles``) in one department."""
    from portal.core.actors import Actor, ActorKind

    dept_id = dept if isinstance(dept, int) else dept.id
    return Actor(id=f"staff:{number}", kind=ActorKind.STAFF, roles=frozenset({role, *extra_roles}),
                 department_ids=frozenset({dept_id}), display_name=f"{role}{number}")


def penalty_values(ent: Enterprise, **overrides: str) -> dict[str, str]:
    """Form/API values of a general penalty draft, with a phone number typed into its text."""
    values = {
        "decision_number": f"义市监处罚〔2026〕{next(_seq)}号", "enterprise": ent.uscc,
        "decided_on": (clock.today() - dt.timedelta(days=7)).isoformat(), "severity": "general",
        "violation": "当事人张三丰销售不合格商品，联系电话13912345678。",
        "basis": "《产品质量法》第四十九条", "content": "罚款人民币五千元", "fine_amount": "5000",
    }
    return {**values, **overrides}
# --- tips (举报/投诉) -------------------------------------------------------------------------


def tip_submission(enterprise: str, *kinds: str, **extra: Any) -> Any:
    """A readable submission: "某超市销售过期食品" against ``enterprise`` (code or name)."""
    from portal.tips.intake import Submission
    from portal.tips.models import TipKind

    fields: dict[str, Any] = {
        "kinds": {TipKind(k) for k in (kinds or ("report",))}, "enterprise": enterprise,
        "category": "food", "place": "义乌市稠城街道某超市", "occurred": "2025年6月上旬",
        "description": f"货架上有过期的牛奶出售（样例 {next(_seq)}）",
    }
    fields.update(extra)
    return Submission(**fields)


async def tip(enterprise: str, *kinds: str, client: str = "factory", **extra: Any) -> Any:
    """Submit a tip through the public intake; returns the Receipt (code shown once)."""
    from portal.tips import intake

    return await intake.submit(tip_submission(enterprise, *kinds, **extra), client=client)
