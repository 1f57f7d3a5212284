"""The expiry job: penalties and list entries whose display window has ended (DESIGN §3, §6).

The public selectors stop showing a row the day after its ``displayed_until`` on their own;
this job tells everything else: for each row whose window ended since the last run it writes,
in one transaction per batch,

- an audit entry ``penalty.expire`` / ``list_entry.expire`` (actor: the system),
- an outbox event for the row, so the search indexer re-reads it and drops it from the index,
- for a blacklist entry still listed when its window ended, a public notice of action
  ``expired`` (期满移出): that is a delisting, and the blacklist's delisting feed shows it.
  A penalty whose window ends needs no notice: its end date was public from the start.
- the job's watermark (portal.core.jobs), so every row is processed once, in
  ``(displayed_until, id)`` order, and a job that was down catches up on its next run.

Who may run it: the system (in-process timer, ``portal expire``) or anyone holding
``credit.handle`` in every department. Runs in-process on the embedded default every
``PORTAL_EXPIRY_INTERVAL`` seconds, and as ``portal expire`` from cron in production.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

from portal.core import audit, clock, jobs, notices, outbox
from portal.core.actors import SYSTEM, Actor
from portal.core.models import NoticeAction
from portal.core.policies import Permission, require
from portal.core.publication import PublicationState
from portal.credit.documents import LIST_ENTRY_KIND, LIST_KIND_LABELS, PENALTY_KIND
from portal.credit.models import ListEntry, Penalty

log = logging.getLogger("portal.expiry")

BATCH = 500
# On its very first run the job looks back this far; afterwards the watermark decides.
FIRST_RUN_LOOKBACK = dt.timedelta(days=7)

# Public wording of the notice (message catalogue of this module).
NOTICE_TITLE = "{enterprise}：{list_label}"
NOTICE_SUMMARY = "公示期满（公示至 {until}），自 {next_day} 起移出{list_label}，不再公示。"
NOTICE_REASON = "公示期届满（{regime}）"
AUDIT_REASON = "公示期满，停止公示"


@dataclass
class ExpiryReport:
    penalties: int = 0
    list_entries: int = 0
    notices: int = 0
    batches: int = 0
    ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.penalties + self.list_entries


def _job_name(kind: str) -> str:
    return f"expiry.{kind}"


async def _due(model: type[Model], mark: jobs.JobWatermark, today: dt.date, limit: int,
               conn: BaseDBAsyncClient) -> list[Model]:
    """Published rows whose window ended after the watermark and before today, in order."""
    after = Q(displayed_until__gt=mark.cursor_day) | (
        Q(displayed_until=mark.cursor_day) & Q(id__gt=mark.cursor_id)
    )
    rows: list[Model] = await (
        model.filter(after, publication_state=PublicationState.PUBLISHED,
                     published_at__lte=clock.now(), displayed_until__lt=today)
        .using_db(conn)
        .select_related("enterprise", "display_rule")
        .order_by("displayed_until", "id")
        .limit(limit)
    )
    return rows


async def _expire_one(conn: BaseDBAsyncClient, actor: Actor, kind: str, row: Model) -> bool:
    """Audit + outbox (+ notice for a blacklist entry still listed). True if a notice was written."""
    until: dt.date = row.displayed_until  # type: ignore[attr-defined]
    went_live: dt.datetime = row.published_at  # type: ignore[attr-defined]
    if went_live.astimezone(clock.CST).date() > until:
        return False  # scheduled to go live after its window: it was never public
    await audit.record(
        conn, actor, f"{kind}.expire", kind, row.pk,
        before={"displayed_until": until.isoformat(), "public": True},
        after={"public": False}, reason=AUDIT_REASON,
    )
    await outbox.emit(conn, kind, row.pk)
    if not isinstance(row, ListEntry):
        return False
    if row.removed_on is not None and row.removed_on <= until:
        return False  # already removed while shown: its removal was public, nothing new
    label = LIST_KIND_LABELS.get(row.kind, "")
    regime = row.display_rule.regime if row.display_rule else "规则表"
    await notices.record(
        conn, kind=LIST_ENTRY_KIND, object_id=row.pk, action=NoticeAction.EXPIRED,
        title=NOTICE_TITLE.format(enterprise=row.enterprise.name, list_label=label),
        summary=NOTICE_SUMMARY.format(
            until=until.isoformat(), next_day=(until + dt.timedelta(days=1)).isoformat(),
            list_label=label),
        reason=NOTICE_REASON.format(regime=regime),
        department_id=row.department_id,  # type: ignore[attr-defined]
        enterprise_id=row.enterprise_id,  # type: ignore[attr-defined]
    )
    return True


async def _expire_kind(kind: str, model: type[Model], actor: Actor, batch: int,
                       report: ExpiryReport) -> int:
    today = clock.today()
    name = _job_name(kind)
    await jobs.watermark(name, start_day=today - FIRST_RUN_LOOKBACK - dt.timedelta(days=1))
    done = 0
    while True:
        async with in_transaction() as conn:
            mark = await jobs.locked(conn, name)
            rows = await _due(model, mark, today, batch, conn)
            if not rows:
                mark.ran_at = clock.now()
                await mark.save(using_db=conn, update_fields=["ran_at"])
                return done
            for row in rows:
                report.notices += int(await _expire_one(conn, actor, kind, row))
            last = rows[-1]
            await jobs.advance(conn, mark, last.displayed_until, last.pk, len(rows))  # type: ignore[attr-defined]
        report.batches += 1
        report.ids.setdefault(kind, []).extend(r.pk for r in rows)
        done += len(rows)


async def expire_windows(actor: Actor = SYSTEM, *, batch: int = BATCH) -> ExpiryReport:
    """Process every penalty and list entry whose display window ended since the last run.

    Permission: ``credit.handle`` everywhere (the system actor has it). Audit actions
    ``penalty.expire`` / ``list_entry.expire``; outbox events ``penalty`` / ``list_entry``;
    public notice ``expired`` for blacklist entries still listed at the end of their window.
    """
    require(actor, Permission.CREDIT_HANDLE)
    report = ExpiryReport()
    report.penalties = await _expire_kind(PENALTY_KIND, Penalty, actor, batch, report)
    report.list_entries = await _expire_kind(LIST_ENTRY_KIND, ListEntry, actor, batch, report)
    if report.total:
        log.info("expiry: %s penalties, %s list entries, %s notices",
                 report.penalties, report.list_entries, report.notices)
    return report


async def run_periodically(interval: float) -> None:
    """The in-process timer (embedded default): run now, then every ``interval`` seconds."""
    while True:
        try:
            await expire_windows()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("expiry job failed; retrying at the next interval")
        await asyncio.sleep(interval)
