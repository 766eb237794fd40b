"""Opening hours: when a person answers on a hand-off channel, and when they next will.

A channel in site.yaml's `handoff` may give `open`, a mapping of days to time ranges:

    open:
      weekdays: "09:00-12:00, 13:00-18:00"   # mon–fri; a lunch break splits the day
      sat: "10:00-14:00"
      sun: closed

Keys: `mon` … `sun`, `weekdays` (mon–fri), `weekend` (sat–sun), `daily`; a single day
overrides a group, a group overrides `daily`; a day nobody names is closed. Times are the
site's `timezone`; `24:00` ends a day; site.yaml's `holidays` (dates) close every channel
that has `open`. `status(schedule, holidays, now)` says whether it is open at `now` and, if
not, when it opens next (looked up to two weeks ahead).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kb.core.catalogue import Text, t

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GROUPS = {"daily": DAYS, "weekdays": DAYS[:5], "weekend": DAYS[5:]}
CLOSED_WORDS = frozenset({"closed", "휴무", "off", "none", "-"})
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")
LOOKAHEAD_DAYS = 14

Span = tuple[int, int]  # minutes from midnight: [start, end)


@dataclass(frozen=True)
class Schedule:
    """Open spans per weekday (0 = Monday), each sorted and non-overlapping."""

    days: tuple[tuple[Span, ...], ...]

    def spans(self, weekday: int) -> tuple[Span, ...]:
        return self.days[weekday]


@dataclass(frozen=True)
class Status:
    """Open now, or closed with the next opening (None: not within two weeks)."""

    open: bool
    next_open: dt.datetime | None = None
    closes: dt.datetime | None = None


def _spans(value: Any) -> tuple[tuple[Span, ...], Text | None]:
    """'09:00-12:00, 13:00-18:00' → spans, or an error message."""
    if value is None or value is False or str(value).strip().casefold() in CLOSED_WORDS:
        return (), None
    spans: list[Span] = []
    for part in str(value).split(","):
        match = _RANGE.match(part)
        if not match:
            return (), t("hours_bad_range", value=str(value))
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or start >= 24 * 60 or end > 24 * 60 or end <= start:
            return (), t("hours_bad_range", value=str(value))
        spans.append((start, end))
    spans.sort()
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return (), t("hours_overlap", value=str(value))
    return tuple(spans), None


def parse(data: Mapping[Any, Any]) -> tuple[Schedule | None, list[tuple[str, Text]]]:
    """A channel's `open` mapping → Schedule, and (key, message) for each problem."""
    problems: list[tuple[str, Text]] = []
    chosen: dict[int, tuple[int, tuple[Span, ...]]] = {}  # weekday → (rank, spans)
    for key, value in data.items():
        name = str(key).strip().casefold()
        if name in DAYS:
            days, rank = (name,), 2
        elif name in GROUPS:
            days, rank = GROUPS[name], 0 if name == "daily" else 1
        else:
            problems.append((str(key), t("hours_bad_day", key=str(key),
                                         days=", ".join((*DAYS, *GROUPS)))))
            continue
        spans, error = _spans(value)
        if error is not None:
            problems.append((str(key), error))
            continue
        for day in days:
            weekday = DAYS.index(day)
            if weekday not in chosen or chosen[weekday][0] <= rank:
                chosen[weekday] = (rank, spans)
    if problems:
        return None, problems
    return Schedule(tuple(chosen.get(d, (0, ()))[1] for d in range(7))), []


def holiday_dates(values: Iterable[Any]) -> tuple[tuple[dt.date, ...], list[tuple[int, Text]]]:
    """site.yaml's `holidays` → sorted dates, and (index, message) for each bad entry."""
    dates: set[dt.date] = set()
    problems: list[tuple[int, Text]] = []
    for index, value in enumerate(values):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            dates.add(value)
            continue
        try:
            dates.add(dt.date.fromisoformat(str(value).strip()))
        except ValueError:
            problems.append((index, t("hours_bad_holiday", value=str(value))))
    return tuple(sorted(dates)), problems


def status(schedule: Schedule, holidays: Iterable[dt.date], now: dt.datetime) -> Status:
    """Open at `now` (an aware datetime in the site's zone), else the next opening."""
    closed = frozenset(holidays)
    day = now.date()
    minute = now.hour * 60 + now.minute
    for offset in range(LOOKAHEAD_DAYS + 1):
        date = day + dt.timedelta(days=offset)
        if date in closed:
            continue
        for start, end in schedule.spans(date.weekday()):
            if offset == 0 and start <= minute < end:
                return Status(True, closes=_at(now, date, end))
            if offset > 0 or start > minute:
                return Status(False, next_open=_at(now, date, start))
    return Status(False)


def _at(now: dt.datetime, date: dt.date, minute: int) -> dt.datetime:
    if minute >= 24 * 60:
        return dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), now.tzinfo)
    return dt.datetime.combine(date, dt.time(minute // 60, minute % 60), now.tzinfo)


def when(moment: dt.datetime, now: dt.datetime) -> Text:
    """'오늘 13:00' / '내일 09:00' / '12월 28일(월) 09:00', and the English."""
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return t("hours_today", time=clock)
    if days == 1:
        return t("hours_tomorrow", time=clock)
    weekday = moment.weekday()
    return t("hours_on", month=moment.month, day=moment.day, time=clock,
             weekday=_KO_DAYS[weekday], weekday_en=_EN_DAYS[weekday],
             month_en=moment.strftime("%b"))


_KO_DAYS = ("월", "화", "수", "목", "금", "토", "일")
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
