"""The staff-maintained holiday table behind the working-day clock (portal.core.workdays).

chinese-calendar covers 2004–2026; each later year's State Council schedule is entered here.
:func:`calendar` merges the table into a :class:`~portal.core.workdays.WorkdayCalendar`; a year
in neither gives deadlines with a visible warning, never a crash.

:func:`save_year` needs ``staff.manage`` for every department (system administrators);
audit action ``workdays.save``. No outbox event (nothing public changes directly).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput
from portal.core.policies import Permission, require
from portal.core.workdays import WorkdayCalendar, YearSchedule
from portal.publishing.models import WorkdayYear


async def calendar() -> WorkdayCalendar:
    rows = await WorkdayYear.all()
    return WorkdayCalendar({
        r.year: YearSchedule(frozenset(dt.date.fromisoformat(d) for d in r.holidays),
                             frozenset(dt.date.fromisoformat(d) for d in r.makeup_workdays))
        for r in rows
    })


def parse_days(year: int, lines: Iterable[str], what: str) -> list[dt.date]:
    """Dates, one per line: ``2027-02-06`` or a range ``2027-02-06..2027-02-13``."""
    out: set[dt.date] = set()
    for raw in lines:
        line = raw.strip().replace("—", "..").replace("至", "..")
        if not line:
            continue
        first, _, last = line.partition("..")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise InvalidInput(f"{what}中“{raw.strip()[:30]}”不是日期，格式如 2027-02-06 或 2027-02-06..2027-02-13。",
                               field=what) from None
        if end < start or (end - start).days > 31:
            raise InvalidInput(f"{what}中的日期范围“{raw.strip()[:30]}”无效（最长31天）。", field=what)
        if start.year != year or end.year != year:
            raise InvalidInput(f"{what}中的日期“{raw.strip()[:30]}”不在 {year} 年内。", field=what)
        out.update(start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return sorted(out)


async def save_year(actor: Actor, year: int, *, holidays: Iterable[str], makeup_workdays: Iterable[str],
                    source: str = "") -> WorkdayYear:
    """Enter or replace one year's schedule (public holidays and 调休 working days)."""
    require(actor, Permission.STAFF_MANAGE, None)
    if not 2004 <= year <= 2100:
        raise InvalidInput("年份应在 2004–2100 之间。", field="year")
    off = parse_days(year, holidays, "放假日期")
    on = parse_days(year, makeup_workdays, "调休上班日期")
    if not off:
        raise InvalidInput("请至少填写一个放假日期。", field="放假日期")
    clash = sorted(set(off) & set(on))
    if clash:
        raise InvalidInput(f"{clash[0]} 不能既是放假日又是调休上班日。", field="调休上班日期")
    weekdays = [d for d in on if d.weekday() < 5]
    if weekdays:
        raise InvalidInput(f"调休上班日 {weekdays[0]} 本来就是工作日（应为周末）。", field="调休上班日期")
    async with in_transaction() as conn:
        row = await WorkdayYear.filter(year=year).using_db(conn).first()
        before = {"holidays": len(row.holidays), "makeup": len(row.makeup_workdays)} if row else None
        values = {"holidays": [d.isoformat() for d in off], "makeup_workdays": [d.isoformat() for d in on],
                  "source": source.strip()[:300], "updated_at": clock.now(), "updated_by": actor.id}
        if row is None:
            row = await WorkdayYear.create(year=year, **values, using_db=conn)
        else:
            row.update_from_dict(values)
            await row.save(using_db=conn)
        await audit.record(conn, actor, "workdays.save", "workday_year", year, before=before,
                           after={"holidays": len(off), "makeup": len(on), "source": values["source"]})
    return row


async def years() -> list[WorkdayYear]:
    return list(await WorkdayYear.all().order_by("year"))
