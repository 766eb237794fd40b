"""Calendar periods in the site's time zone: October is October."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.insights import calendar
from kb.insights.calendar import Period, PeriodError, period_of, until

D = dt.date


@pytest.mark.parametrize(("kind", "day", "start", "end", "label"), [
    ("month", D(2026, 11, 1), D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
    ("week", D(2026, 11, 2), D(2026, 10, 26), D(2026, 11, 1), "2026-W44"),
    ("quarter", D(2026, 10, 1), D(2026, 7, 1), D(2026, 9, 30), "2026-Q3"),
    ("half", D(2027, 1, 1), D(2026, 7, 1), D(2026, 12, 31), "2026-H2"),
    ("year", D(2027, 1, 1), D(2026, 1, 1), D(2026, 12, 31), "2026"),
    ("week", D(2027, 1, 4), D(2026, 12, 28), D(2027, 1, 3), "2026-W53"),
])
def test_until_is_the_calendar_period_before_the_day(kind, day, start, end, label):  # noqa: ANN001
    period = until(kind, day)
    assert (period.start, period.last_day, period.label) == (start, end, label)


def test_october_starts_at_midnight_in_seoul():
    october = until("month", D(2026, 11, 1))
    assert october.start_at == dt.datetime(2026, 9, 30, 15, 0, tzinfo=dt.UTC)
    assert october.end_at == dt.datetime(2026, 10, 31, 15, 0, tzinfo=dt.UTC)
    assert october.dates == "2026-10-01 ~ 2026-10-31"


def test_previous_is_the_same_kind_just_before():
    assert until("month", D(2026, 3, 1)).previous() == Period("month", D(2026, 1, 1),
                                                              D(2026, 2, 1))
    assert period_of("week", D(2026, 1, 1)).previous().label == "2025-W52"


def test_current_period_holds_today_in_the_site_time_zone():
    # 2026-10-31 16:00 UTC is already November 1st in Seoul.
    now = dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)
    assert calendar.current("month", now).label == "2026-11"
    assert calendar.current("month", now, "UTC").label == "2026-10"


def test_no_percentage_under_ten_before():
    assert calendar.change(30, 9) is None
    assert calendar.change(15, 10) == 0.5


@pytest.mark.parametrize(("call", "code"), [
    (lambda: period_of("fortnight", D(2026, 1, 1)), "unknown_period"),
    (lambda: period_of("month", D(2026, 1, 1), "Mars/Olympus"), "unknown_timezone"),
])
def test_bad_period_or_zone_is_a_clear_error(call, code):  # noqa: ANN001
    with pytest.raises(PeriodError) as info:
        call()
    assert info.value.message.ko and info.value.message.en
