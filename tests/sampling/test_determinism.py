"""Determinism across runs and databases: a fixed directory and seed give this exact draw,
on SQLite and on PostgreSQL (the CI runs the suite on both)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from portal.core import clock
from portal.core.actors import SYSTEM
from portal.core.ids import make_uscc
from portal.enterprises.models import Enterprise
from portal.sampling import drawing
from portal.sampling.directory import Inspector, RiskGrade, TargetProfile
from portal.sampling.records import PlanSetting
from tests import factories

pytestmark = pytest.mark.anyio
SEED = bytes.fromhex("5eed" * 16)
EXPECTED = "b5af5bd702bb03270f70e4aed74268552eae61b7e95d44c116c148c81f8eb707"


async def test_a_fixed_directory_and_seed_give_a_pinned_draw(db_clean: None) -> None:
    with clock.frozen(dt.date(2025, 6, 16)):
        dept = await factories.department()
        plan = await factories.plan()
        await PlanSetting.create(plan=plan, scope_tags="food", required_qualifications="food",
                                 ratio_a=10, ratio_b=20, ratio_c=30, ratio_d=50)
        task = await factories.task(plan)
        # Rows inserted in scrambled order: the frame must not depend on insertion or ids.
        for n in (7, 3, 11, 0, 5, 9, 1, 13, 2, 10, 4, 12, 8, 6, 14, 15):
            for m in range(n * 3, n * 3 + 3):
                ent = await Enterprise.create(uscc=make_uscc("9", "1", "330782", f"DT{m:06d}"),
                                              name=f"确定性测试企业{m}")
                await TargetProfile.create(enterprise=ent, department=dept, scope_tags="food",
                                           risk_grade=RiskGrade("ABCD"[m % 4]))
        for n in (5, 2, 7, 0, 3, 6, 1, 4):
            await Inspector.create(certificate_no=f"ZJDT{n:04d}", name=f"员{n}",
                                   department=dept, qualifications="food")
        await drawing.commit_draw(SYSTEM, task.id, seed=SEED)
        record = await drawing.run_draw(SYSTEM, task.id)
    body = json.dumps([str(task.id), record.frame_digest, record.selected, record.assignments],
                      sort_keys=True, separators=(",", ":"))
    assert task.id == 1  # ids restart in every test on both databases: the key includes it
    assert hashlib.sha256(body.encode()).hexdigest() == EXPECTED
