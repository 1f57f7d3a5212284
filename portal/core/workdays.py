"""Working-day clock on the State Council calendar, including 调休 make-up working days.

chinese-calendar covers the years it ships data for (2004–2026 in the installed release);
later years come from schedules staff enter each year (:class:`YearSchedule`, held in the
database by the publication-review issue). For a year with neither, deadlines are still
computed — weekends only — but every result says so in ``warnings``: never a crash, never a
silent guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: public holidays and make-up working days (调休上班)."""

    holidays: frozenset[dt.date] = frozenset()
    makeup_workdays: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    warnings: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.warnings)


@dataclass
class WorkdayCalendar:
    schedules: Mapping[int, YearSchedule] = field(default_factory=dict)

    def _library_knows(self, year: int) -> bool:
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def missing_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [y for y in range(start.year, end.year + 1)
                if y not in self.schedules and not self._library_knows(y)]

    def is_workday(self, day: dt.date) -> tuple[bool, str | None]:
        """Whether ``day`` is a working day, and a warning if that is only a weekend guess."""
        schedule = self.schedules.get(day.year)
        if schedule is not None:  # staff-entered schedules take precedence over the library
            if day in schedule.makeup_workdays:
                return True, None
            if day in schedule.holidays:
                return False, None
            return day.weekday() < 5, None
        try:
            return bool(chinese_calendar.is_workday(day)), None
        except NotImplementedError:
            return day.weekday() < 5, (
                f"{day.year}年的国务院节假日安排尚未录入，期限暂按仅排除周末估算，请尽快补录。"
            )

    def add_workdays(self, start: dt.date, count: int) -> Deadline:
        """The date ``count`` working days after ``start`` (start itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day, left, warnings = start, count, []
        while left:
            day += dt.timedelta(days=1)
            working, warning = self.is_workday(day)
            if warning and warning not in warnings:
                warnings.append(warning)
            left -= int(working)
        return Deadline(day, tuple(warnings))

    def workdays_between(self, start: dt.date, end: dt.date) -> tuple[int, tuple[str, ...]]:
        """Working days in (start, end]; negative if end is before start."""
        if end < start:
            count, warnings = self.workdays_between(end, start)
            return -count, warnings
        count, warnings, day = 0, [], start
        while day < end:
            day += dt.timedelta(days=1)
            working, warning = self.is_workday(day)
            if warning and warning not in warnings:
                warnings.append(warning)
            count += int(working)
        return count, tuple(warnings)
