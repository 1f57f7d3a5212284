"""Maintaining the two directories (两库) from the back office.

Who may call: ``publication.edit`` in the maintaining department (the inspector's department;
for a conflict declaration, the inspector's department). Audit actions
``sampling.target_upsert``, ``sampling.check_record``, ``sampling.inspector_upsert``,
``sampling.conflict_declare``. Nothing here is public: no outbox event.
"""

from __future__ import annotations

import datetime as dt
import re

from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.ids import check_uscc
from portal.core.policies import Permission, require
from portal.enterprises.models import Enterprise
from portal.reference.models import Department
from portal.sampling.directory import (
    CheckRecord,
    CheckTrigger,
    Inspector,
    InspectorConflict,
    RiskGrade,
    TargetProfile,
)
from portal.sampling.tags import join_tags, parse_tags

CERTIFICATE = re.compile(r"^[0-9A-Za-z\-]{4,40}$")


async def _enterprise(uscc: str) -> Enterprise:
    code = check_uscc(uscc).code
    found = await Enterprise.get_or_none(uscc=code)
    if found is None:
        raise NotFound(f"未找到统一社会信用代码为 {code} 的企业。")
    return found


def _grade(value: str) -> RiskGrade:
    try:
        return RiskGrade(value.strip().upper())
    except ValueError:
        raise InvalidInput("风险等级应为 A、B、C 或 D。", field="riskGrade") from None


async def _department(department_id: int) -> Department:
    found = await Department.get_or_none(id=department_id)
    if found is None:
        raise InvalidInput("部门不存在。", field="departmentId")
    return found


async def upsert_target(actor: Actor, *, uscc: str, department_id: int, scope_tags: str,
                        risk_grade: str) -> TargetProfile:
    """Add an enterprise to the target directory, or change its tags and risk grade."""
    require(actor, Permission.PUBLICATION_EDIT, department_id)
    enterprise, grade = await _enterprise(uscc), _grade(risk_grade)
    tags = join_tags(parse_tags(scope_tags, "scopeTags"))
    await _department(department_id)
    async with in_transaction() as conn:
        row = await TargetProfile.filter(enterprise_id=enterprise.id).using_db(conn).first()
        if row is not None:
            require(actor, Permission.PUBLICATION_EDIT, row.department_id)  # type: ignore[attr-defined]
        before = None if row is None else {"tags": row.scope_tags, "grade": row.risk_grade,
                                           "department": row.department_id}  # type: ignore[attr-defined]
        if row is None:
            row = await TargetProfile.create(enterprise=enterprise, department_id=department_id,
                                             scope_tags=tags, risk_grade=grade, using_db=conn)
        else:
            row.scope_tags, row.risk_grade, row.department_id = tags, grade, department_id
            await row.save(using_db=conn)
        await audit.record(conn, actor, "sampling.target_upsert", "enterprise", enterprise.id,
                           before=before, after={"tags": tags, "grade": grade.value,
                                                 "department": department_id})
    return row


async def record_check(actor: Actor, *, uscc: str, department_id: int, checked_on: dt.date,
                       trigger: str, problem_found: bool | None, note: str = "") -> CheckRecord:
    """Add a past check to an enterprise's inspection history (e.g. a case-triggered check)."""
    require(actor, Permission.PUBLICATION_EDIT, department_id)
    try:
        kind = CheckTrigger(trigger)
    except ValueError:
        raise InvalidInput("检查类型应为“双随机抽查”或“案件触发”。", field="trigger") from None
    if checked_on > clock.today():
        raise InvalidInput("检查日期不能晚于今天。", field="checkedOn")
    enterprise = await _enterprise(uscc)
    await _department(department_id)
    async with in_transaction() as conn:
        row = await CheckRecord.create(
            enterprise=enterprise, department_id=department_id, checked_on=checked_on,
            trigger=kind, problem_found=problem_found, note=note.strip()[:300], using_db=conn)
        await audit.record(conn, actor, "sampling.check_record", "enterprise", enterprise.id,
                           after={"on": checked_on.isoformat(), "trigger": kind.value,
                                  "problem_found": problem_found, "department": department_id})
    return row


async def upsert_inspector(actor: Actor, *, certificate_no: str, name: str, department_id: int,
                           qualifications: str, staff_id: int | None = None,
                           is_active: bool = True) -> Inspector:
    """Add an inspector (by certificate number) or change their qualifications/department."""
    require(actor, Permission.PUBLICATION_EDIT, department_id)
    cert = certificate_no.strip().upper()
    if not CERTIFICATE.match(cert):
        raise InvalidInput("执法证号应为 4–40 位字母、数字或 -。", field="certificateNo")
    if not name.strip():
        raise InvalidInput("请填写检查人员姓名。", field="name")
    quals = join_tags(parse_tags(qualifications, "qualifications"))
    await _department(department_id)
    async with in_transaction() as conn:
        row = await Inspector.filter(certificate_no=cert).using_db(conn).first()
        before = None
        if row is None:
            row = await Inspector.create(certificate_no=cert, name=name.strip()[:50],
                                         department_id=department_id, qualifications=quals,
                                         staff_id=staff_id, is_active=is_active, using_db=conn)
        else:
            require(actor, Permission.PUBLICATION_EDIT, row.department_id)  # type: ignore[attr-defined]
            before = {"quals": row.qualifications, "department": row.department_id,  # type: ignore[attr-defined]
                      "active": row.is_active}
            row.name, row.department_id, row.qualifications = name.strip()[:50], department_id, quals
            row.staff_id, row.is_active = staff_id, is_active
            await row.save(using_db=conn)
        await audit.record(conn, actor, "sampling.inspector_upsert", "sampling_inspector", row.id,
                           before=before, after={"certificate": cert, "quals": quals,
                                                 "department": department_id, "active": is_active})
    return row


async def declare_conflict(actor: Actor, *, inspector_id: int, uscc: str,
                           reason: str) -> InspectorConflict:
    """Record an inspector's declared conflict of interest with an enterprise."""
    inspector = await Inspector.get_or_none(id=inspector_id)
    if inspector is None:
        raise NotFound("找不到该检查人员。")
    require(actor, Permission.PUBLICATION_EDIT, inspector.department_id)  # type: ignore[attr-defined]
    if not reason.strip():
        raise InvalidInput("请填写回避理由（如亲属关系、近三年任职等）。", field="reason")
    enterprise = await _enterprise(uscc)
    async with in_transaction() as conn:
        row, _ = await InspectorConflict.get_or_create(
            inspector=inspector, enterprise=enterprise,
            defaults={"reason": reason.strip()[:300]}, using_db=conn)
        await audit.record(conn, actor, "sampling.conflict_declare", "sampling_inspector",
                           inspector.id, after={"enterprise": enterprise.uscc},
                           reason=reason.strip()[:300])
    return row
