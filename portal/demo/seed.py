"""Seeding: the rule table and reference data always; the demo dataset on request."""

from __future__ import annotations

from portal.core.rules import seed_default_rules
from portal.credit.clocks import seed_default_limits
from portal.demo.reference import load_regions
from portal.enterprises.models import Enterprise
from portal.reference.models import Department


async def database_is_empty() -> bool:
    return not await Enterprise.exists() and not await Department.exists()


async def seed_base() -> None:
    await seed_default_rules()
    await seed_default_limits()
    await load_regions()


async def seed_demo() -> dict[str, int]:
    """Build the demo dataset (deterministic). Filled in by portal.demo.dataset."""
    from portal.demo.dataset import build
    from portal.demo.draws import seed_demo_draws
    from portal.enterprise_accounts.demo import seed_demo_enterprise
    from portal.identity.demo import add_demo_staff
    from portal.publishing.demo import seed_demo_publication

    counts = await add_demo_staff(await build())
    return {**counts, **await seed_demo_draws(), **await seed_demo_enterprise(),
            **await seed_demo_publication()}
