"""What the demo builders share: seeded randomness, the date anchor, and the rows built so far.

Every builder draws from its own ``random.Random`` seeded with a fixed string, so a change in
one section never shifts the values of another, and nothing depends on hash order. Dates are
offsets from the anchor ("today" from :mod:`portal.core.clock`), so display windows are live
whenever the demo is loaded; names and codes never depend on the date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from portal.core import clock
from portal.core.publication import PublicationState
from portal.enterprises.models import EnterpriseStatus

SEED = "sunlight-portal-demo-v1"
PUBLISHED = PublicationState.PUBLISHED


def rng(section: str) -> random.Random:
    return random.Random(f"{SEED}/{section}")


def at(day: dt.date, rnd: random.Random | None = None) -> dt.datetime:
    """A moment in office hours on ``day``, China Standard Time."""
    minutes = rnd.randrange(0, 8 * 60) if rnd else 90
    return dt.datetime.combine(day, dt.time(8, 30), clock.CST) + dt.timedelta(minutes=minutes)


@dataclass(frozen=True)
class Ent:
    """The parts of an enterprise the later builders need (the row itself is bulk-inserted)."""

    id: int
    uscc: str
    name: str
    region: str
    industry: str
    status: EnterpriseStatus
    established_on: dt.date


@dataclass
class Ctx:
    today: dt.date
    now: dt.datetime
    departments: dict[str, int] = field(default_factory=dict)  # name → id
    market_dept: dict[str, int] = field(default_factory=dict)  # region code → 市场监管局 id
    dept_region: dict[int, str] = field(default_factory=dict)  # id → region code
    enterprises: list[Ent] = field(default_factory=list)
    frames: dict[tuple[str, tuple[str, ...]], list[Ent]] = field(default_factory=dict)  # cache
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls) -> Ctx:
        now = clock.now()
        return cls(today=now.astimezone(clock.CST).date(), now=now)

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def publication(
        self, rnd: random.Random, decided: dt.date, *, lag: tuple[int, int] = (1, 7),
        unpublished: float = 0.0,
    ) -> dict[str, Any]:
        """Publication fields for a row decided on ``decided``.

        Published ``lag`` days later in office hours; a row whose go-live would still be in the
        future is in review instead (not yet public). ``unpublished`` is the share of rows left
        in draft or review on purpose, so that public scoping is visible in the demo.
        """
        moment = at(decided + dt.timedelta(days=rnd.randint(*lag)), rnd)
        if rnd.random() < unpublished or moment > self.now:
            state = PublicationState.DRAFT if rnd.random() < 0.4 else PublicationState.IN_REVIEW
            return {"publication_state": state, "published_at": None}
        return {"publication_state": PUBLISHED, "published_at": moment}

    def market_dept_for(self, region: str) -> int:
        """The 市场监督管理局 for a county, falling back to its city and province."""
        for code in (region, region[:4] + "00", region[:2] + "0000"):
            if code in self.market_dept:
                return self.market_dept[code]
        raise KeyError(region)
