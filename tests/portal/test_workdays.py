from __future__ import annotations

import datetime as dt

from portal.core.workdays import WorkdayCalendar, YearSchedule

D = dt.date


def test_spring_festival_2025_with_makeup_saturday() -> None:
    # 2025 春节: holidays 1月28日–2月4日; 1月26日 (Sun) and 2月8日 (Sat) are working days.
    calendar = WorkdayCalendar()
    assert calendar.is_workday(D(2025, 1, 26)) == (True, None)
    assert calendar.is_workday(D(2025, 1, 29)) == (False, None)
    assert calendar.is_workday(D(2025, 2, 8)) == (True, None)
    # From Fri 24 Jan: 26 (Sun, make-up) and 27 are working; 28 Jan–4 Feb off; 5 Feb is third.
    assert calendar.add_workdays(D(2025, 1, 24), 3).due == D(2025, 2, 5)


def test_national_day_2025() -> None:
    calendar = WorkdayCalendar()
    # 2025: 10月1日–8日 off; 9月28日 (Sun) and 10月11日 (Sat) are working days.
    result = calendar.add_workdays(D(2025, 9, 26), 2)
    assert result.due == D(2025, 9, 29)  # 28 Sep (make-up Sunday), then Mon 29 Sep
    assert calendar.add_workdays(D(2025, 9, 30), 1).due == D(2025, 10, 9)
    assert calendar.add_workdays(D(2025, 9, 30), 2).due == D(2025, 10, 10)
    assert calendar.add_workdays(D(2025, 9, 30), 3).due == D(2025, 10, 11)


def test_twenty_working_days_across_a_year_boundary() -> None:
    calendar = WorkdayCalendar()
    result = calendar.add_workdays(D(2025, 12, 15), 20)
    # 16–19, 22–26, 29–31 Dec = 12; 1–3 Jan 2026 off; 4 Jan (Sun) make-up = 13; 5–9 Jan = 18;
    # 12 Jan = 19; 13 Jan = 20.
    assert result.due == D(2026, 1, 13)
    assert not result.provisional
    assert calendar.workdays_between(D(2025, 12, 15), result.due) == (20, ())


def test_a_year_without_data_is_a_visible_weekend_estimate() -> None:
    calendar = WorkdayCalendar()
    result = calendar.add_workdays(D(2026, 12, 25), 10)
    assert result.provisional
    assert "2027年" in result.warnings[0]
    assert result.due == D(2027, 1, 8)
    assert calendar.missing_years(D(2026, 6, 1), D(2028, 1, 1)) == [2027, 2028]


def test_staff_entered_schedule_fills_the_gap() -> None:
    schedule = YearSchedule(holidays=frozenset({D(2027, 1, 1)}),
                            makeup_workdays=frozenset({D(2027, 1, 2)}))
    calendar = WorkdayCalendar({2027: schedule})
    assert calendar.is_workday(D(2027, 1, 1)) == (False, None)
    assert calendar.is_workday(D(2027, 1, 2)) == (True, None)
    result = calendar.add_workdays(D(2026, 12, 31), 2)
    assert result.due == D(2027, 1, 4) and not result.provisional
    assert calendar.missing_years(D(2027, 1, 1), D(2027, 12, 31)) == []
