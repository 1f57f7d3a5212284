"""The identity custodian: the only way to see who submitted a tip (identity and contact).

Who may call: holders of ``tip.identity_grant`` (role identity_custodian) in the department of
one of the tip's tracks, with a reason. Each opening writes an :class:`IdentityAccess` row and the
audit entry ``tip.identity_open`` (subject ``tip``, with the reason) in one transaction; the
identity itself never enters the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput
from portal.core.policies import Permission
from portal.tips import keys
from portal.tips.models import IdentityAccess, Tip
from portal.tips.services import require_on_tip

MIN_REASON = 5


@dataclass(frozen=True)
class Identity:
    tip_id: int
    anonymous: bool
    identity: str
    contact: str


async def open_identity(actor: Actor, tip_id: int, reason: str) -> Identity:
    text = (reason or "").strip()
    if len(text) < MIN_REASON:
        raise InvalidInput(f"查看举报人身份须写明理由（至少{MIN_REASON}个字）。", field="reason")
    await require_on_tip(actor, tip_id, Permission.TIP_IDENTITY_GRANT)
    tip = await Tip.get(id=tip_id)
    async with in_transaction() as conn:
        await IdentityAccess.create(tip_id=tip_id, custodian=actor.id, reason=text[:1000],
                                    at=clock.now(), using_db=conn)
        await audit.record(conn, actor, "tip.identity_open", "tip", tip_id, reason=text[:1000])
    identity = keys.open_text(tip.identity, f"tip:{tip.id}:identity")
    contact = keys.open_text(tip.contact, f"tip:{tip.id}:contact")
    return Identity(tip_id, not identity and not contact, identity, contact)


async def accesses(actor: Actor, tip_id: int) -> list[IdentityAccess]:
    """Earlier openings of this tip's identity (for custodians)."""
    await require_on_tip(actor, tip_id, Permission.TIP_IDENTITY_GRANT)
    return await IdentityAccess.filter(tip_id=tip_id).order_by("-id")
