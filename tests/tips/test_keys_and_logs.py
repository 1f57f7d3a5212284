"""Key rotation (add a KEK, re-wrap, retire the old one) and no addresses in tip access logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from portal.core.actors import SYSTEM
from portal.core.models import AuditEntry
from portal.tips import keys, logs, rotation
from portal.tips.models import Tip
from portal.tips.queries import submitter_view
from tests import factories


@pytest.fixture
def key_file_restored() -> Iterator[None]:
    keys.keyring()  # make sure the file exists
    saved = keys.key_file().read_text()
    yield
    keys.key_file().write_text(saved)
    keys.reload()


async def test_rotation_rewraps_every_value_and_the_old_key_can_go(
        db_clean: None, key_file_restored: None) -> None:
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, identity="张三", description="原始内容")
    old = keys.keyring().active
    new = rotation.add_key_to_file()
    assert keys.keyring().active == new != old
    before = await rotation.key_usage()
    assert before[old] >= 5 and before[new] == 0
    changed = await rotation.rewrap_all(SYSTEM)
    assert changed == before[old]
    assert set(await rotation.key_usage()) == {new}
    entry = await AuditEntry.get(action="tip.keys_rewrap")
    assert entry.after == {"active": new, "rewrapped": changed}
    # retire the old key: everything still opens
    spec = keys.key_file().read_text().strip()
    keys.key_file().write_text(",".join(p for p in spec.split(",") if not p.startswith(f"{old}:")))
    keys.reload()
    tip = await Tip.get(id=receipt.tip_id)
    assert keys.open_text(tip.description, f"tip:{tip.id}:description") == "原始内容"
    assert (await submitter_view(tip.id)).tracks


@pytest.mark.parametrize(("path", "hidden"), [
    ("/tips/follow-up", True), ("/tips", True), ("/graphql", True),
    ("/backoffice/tips/3", True), ("/penalties", False), ("/tipsy", False),
])
def test_access_logs_of_tip_routes_carry_no_address(caplog: pytest.LogCaptureFixture, path: str,
                                                      hidden: bool) -> None:
    logs.install()
    logs.install()  # idempotent
    access = logging.getLogger("uvicorn.access")
    assert sum(isinstance(f, logs.DropTipAddresses) for f in access.filters) == 1
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:51234", "POST", path, "1.1", 303)
    assert ("203.0.113.9" not in caplog.text) is hidden
    assert path in caplog.text


def test_the_app_factory_installs_the_filter() -> None:
    from portal.app import create_app

    logging.getLogger("uvicorn.access").filters.clear()
    create_app()
    assert any(isinstance(f, logs.DropTipAddresses)
               for f in logging.getLogger("uvicorn.access").filters)
