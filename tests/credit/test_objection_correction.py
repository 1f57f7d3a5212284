"""An upheld objection opens a correction in the publication workflow, in the same transaction."""

from __future__ import annotations

import pytest

from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError
from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.core.publication import PublicationState
from portal.credit import objections
from portal.credit.models import Penalty
from portal.credit.repair_models import ObjectionState
from portal.enterprise_accounts.principals import actor_for
from portal.publishing.models import Revision
from tests import factories as f

pytestmark = pytest.mark.anyio


def officer(dept_id: int) -> Actor:
    return Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({Role.CREDIT_OFFICER.value}),
                 department_ids=frozenset({dept_id}))


async def _objection(pen_id: int, me: Actor, text: str = "处罚内容记载有误") -> int:
    return (await objections.submit_objection(me, "penalty", pen_id, "content", text)).id


async def test_upholding_opens_a_correction_draft_for_the_department(db_clean: None) -> None:
    ent = await f.enterprise()
    pen = await f.penalty(ent)
    me = actor_for(await f.enterprise_account(ent))
    first = await _objection(pen.id, me)
    await objections.decide_objection(officer(pen.department_id), first, True,  # type: ignore[attr-defined]
                                      "经核实记载有误", correction="罚款金额应为五千元")
    [draft] = await Revision.filter(kind="penalty", object_id=pen.id)
    assert draft.correction_reason is not None
    assert "经核实记载有误" in draft.correction_reason and "五千元" in draft.correction_reason
    actions = await AuditEntry.filter(subject_id__in=[str(first), str(pen.id)]).values_list(
        "action", flat=True)
    assert {"credit_objection.uphold", "publication.correct"} <= set(actions)
    row = await Penalty.get(id=pen.id)  # published record stays as it is
    assert (row.publication_state, row.violation) == (PublicationState.PUBLISHED, pen.violation)

    # a second upheld objection while that correction is open changes nothing
    second = await _objection(pen.id, me, "公示期限有误")
    with pytest.raises(DomainError, match="更正稿"):
        await objections.decide_objection(officer(pen.department_id), second, True,  # type: ignore[attr-defined]
                                          "成立", correction="公示期限应为三个月")
    assert await Revision.filter(kind="penalty", object_id=pen.id).count() == 1
    states = await objections.objection_queue(officer(pen.department_id)).qs  # type: ignore[attr-defined]
    assert [(o.id, o.state) for o in states] == [(second, ObjectionState.SUBMITTED)]


async def test_rejecting_opens_nothing(db_clean: None) -> None:
    ent = await f.enterprise()
    pen = await f.penalty(ent)
    me = actor_for(await f.enterprise_account(ent))
    oid = await _objection(pen.id, me)
    await objections.decide_objection(officer(pen.department_id), oid, False, "记载无误")  # type: ignore[attr-defined]
    assert await Revision.filter(kind="penalty", object_id=pen.id).count() == 0
