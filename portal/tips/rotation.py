"""Key rotation: add a key-encryption key, then re-wrap every stored data key under it.

Rotation never re-encrypts content: :func:`portal.tips.crypto.rewrap` replaces only the wrapped
data key in each sealed value. Old KEKs must stay in the ring until :func:`rewrap_all` has run
and :func:`key_usage` shows nothing left under them. Audit ``tip.keys_rewrap`` (subject ``tip_keys``).
"""

from __future__ import annotations

from collections import Counter

from tortoise.models import Model
from tortoise.transactions import in_transaction

from portal.config import get_settings
from portal.core import audit
from portal.core.actors import Actor
from portal.core.errors import DomainError
from portal.tips import keys
from portal.tips.crypto import Keyring, key_id_of, rewrap
from portal.tips.models import Tip, TipAttachment, TipMessage

SEALED: list[tuple[type[Model], tuple[str, ...]]] = [
    (Tip, ("enterprise_text", "place", "occurred", "description", "identity", "contact")),
    (TipMessage, ("body",)),
    (TipAttachment, ("name", "content")),
]
BATCH = 200


def add_key_to_file() -> str:
    """Append a new KEK to ``var/tips-keys`` (it becomes active); returns its id."""
    if get_settings().tips_keys:
        raise DomainError("密钥来自 PORTAL_TIPS_KEYS：请在该设置末尾追加新密钥（见 portal tips new-key --print），"
                          "部署后再运行 portal tips rewrap。")
    ring = keys.keyring()
    number = 1 + max((int(k[1:]) for k in ring.keys if k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    path = keys.key_file()
    spec = path.read_text().strip()
    path.write_text(f"{spec},{key_id}:{Keyring.new_key()}\n")
    keys.reload()
    return key_id


async def key_usage() -> Counter[str]:
    """How many sealed values each KEK id wraps."""
    usage: Counter[str] = Counter()
    for model, names in SEALED:
        for row in await model.all().only("id", *names):
            for name in names:
                value = getattr(row, name)
                if value:
                    usage[key_id_of(bytes(value))] += 1
    return usage


async def rewrap_all(actor: Actor) -> int:
    """Re-wrap every sealed value under the active KEK; returns how many changed."""
    ring, changed = keys.keyring(), 0
    for model, names in SEALED:
        last = 0
        while True:
            rows = await model.filter(id__gt=last).order_by("id").limit(BATCH)
            if not rows:
                break
            async with in_transaction() as conn:
                for row in rows:
                    touched = []
                    for name in names:
                        value = getattr(row, name)
                        if value and key_id_of(bytes(value)) != ring.active:
                            setattr(row, name, rewrap(ring, bytes(value)))
                            touched.append(name)
                    if touched:
                        await row.save(update_fields=touched, using_db=conn)
                        changed += len(touched)
            last = rows[-1].id  # type: ignore[attr-defined]
    async with in_transaction() as conn:
        await audit.record(conn, actor, "tip.keys_rewrap", "tip_keys", ring.active,
                           after={"active": ring.active, "rewrapped": changed})
    return changed
