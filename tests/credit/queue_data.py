"""Queue rows in bulk for the queue tests: one enterprise per department, rows straight in the
tables (the workflow that produces them is tested in test_repairs and test_selfservice_api)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.policies import Role
from portal.credit.repair_models import (
    Objection,
    ObjectionGround,
    ObjectionState,
    RepairApplication,
    RepairState,
    Statement,
    StatementState,
)
from tests import factories as f

TODAY = dt.date(2025, 6, 16)  # a Monday


def officer(*dept_ids: int) -> Actor:
    return Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({Role.CREDIT_OFFICER.value}),
                 department_ids=frozenset(dept_ids))


@dataclass
class Office:
    department: f.Department
    enterprise: f.Enterprise
    account_id: int


async def office(name: str, enterprise_name: str) -> Office:
    dept = await f.department(name)
    ent = await f.enterprise(enterprise_name)
    account = await f.enterprise_account(ent)
    return Office(dept, ent, account.id)


def _ref(o: Office, i: int, kind: str) -> dict[str, object]:
    return {"record_kind": kind, "record_id": 1000 + i, "enterprise_id": o.enterprise.id,
            "department_id": o.department.id, "submitted_by_id": o.account_id,
            "submitted_at": clock.now() - dt.timedelta(days=200 - i)}


async def repairs(o: Office, n: int, *, state: RepairState = RepairState.ACCEPTED,
                  kind: str = "penalty", due_from: dt.date = TODAY) -> list[RepairApplication]:
    """``n`` applications; the i-th falls due ``i % 7`` days after ``due_from`` (ties on purpose,
    so the id breaks them)."""
    return [await RepairApplication.create(
        **_ref(o, i, kind), state=state, commitment="承诺", next_due=due_from + dt.timedelta(days=i % 7),
        review_due=due_from + dt.timedelta(days=i % 7)) for i in range(n)]


async def statements(o: Office, n: int, *, state: StatementState = StatementState.PENDING,
                     kind: str = "penalty") -> list[Statement]:
    return [await Statement.create(**_ref(o, i, kind), text=f"说明{i}", state=state) for i in range(n)]


async def objections(o: Office, n: int, *, state: ObjectionState = ObjectionState.SUBMITTED,
                     kind: str = "penalty") -> list[Objection]:
    return [await Objection.create(**_ref(o, i, kind), ground=ObjectionGround.CONTENT,
                                   text=f"异议{i}", state=state) for i in range(n)]
