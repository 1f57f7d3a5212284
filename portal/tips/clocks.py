"""Tip clocks on working days, with figures from the ``tip_rule`` table (DESIGN §6).

- decide acceptance: ``accept`` working days after registration (both kinds);
- report verification: ``verify`` working days after registration (receipt), extendable once by
  ``verify_extension``;
- complaint mediation: ends ``mediation`` working days after mediation starts.

The rule in force on the date a clock starts applies. Missing rows are seeded from
:data:`~portal.tips.catalogue.DEFAULT_RULES` (and grounds from ``DEFAULT_GROUNDS``) on first use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.core.errors import InvalidInput
from portal.core.workdays import WorkdayCalendar
from portal.tips.catalogue import DEFAULT_GROUNDS, DEFAULT_RULES, DUE_SOON_WORKDAYS
from portal.tips.models import RefusalGround, TipKind, TipRule, TipTrack, TrackState

CALENDAR = WorkdayCalendar()
RUNNING = (TrackState.REGISTERED, TrackState.ACCEPTED, TrackState.ASSIGNED,
           TrackState.INVESTIGATING, TrackState.MEDIATING)


async def ensure_rules() -> None:
    """Insert the default clock rows and refusal grounds that are missing (idempotent)."""
    if not await TipRule.exists():
        for key, effective, days, regime, note in DEFAULT_RULES:
            await TipRule.get_or_create(key=key, effective_from=effective,
                                        defaults={"working_days": days, "regime": regime, "note": note})
    if not await RefusalGround.exists():
        for code, kind, label, basis in DEFAULT_GROUNDS:
            await RefusalGround.get_or_create(code=code, defaults={"kind": kind, "label": label,
                                                                   "basis": basis})


async def working_days(key: str, on: dt.date) -> int:
    await ensure_rules()
    rule = await TipRule.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        raise InvalidInput(f"规则表中没有 {on} 适用的投诉举报时限“{key}”。")
    return rule.working_days


async def due_after(key: str, start: dt.date) -> dt.date:
    return CALENDAR.add_workdays(start, await working_days(key, start)).due


async def grounds_for(kind: TipKind) -> list[RefusalGround]:
    await ensure_rules()
    return await RefusalGround.filter(active=True, kind__in=[kind.value, "both"]).order_by("code")


def current_due(track: TipTrack) -> dt.date | None:
    """The clock that runs in the track's state (None once handled, refused or closed)."""
    if track.state == TrackState.REGISTERED:
        return track.accept_due
    if track.state in RUNNING:
        return track.handling_due
    return None


@dataclass(frozen=True)
class DueStatus:
    due: dt.date | None
    overdue: bool
    due_soon: bool
    workdays_left: int | None


def due_status(track: TipTrack, today: dt.date) -> DueStatus:
    due = current_due(track)
    if due is None:
        return DueStatus(None, False, False, None)
    left, _ = CALENDAR.workdays_between(today, due)
    return DueStatus(due, due < today, today <= due and left <= DUE_SOON_WORKDAYS, left)


def soon_threshold(today: dt.date) -> dt.date:
    return CALENDAR.add_workdays(today, DUE_SOON_WORKDAYS).due
