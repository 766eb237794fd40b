"""Calendar periods in the site's time zone: ISO week (Mon–Sun), month, quarter, half, year.

A CX lead's "October" is October 1–31 in Seoul, not the 30 days before November 1 in UTC.
`until(kind, day)` is the period that holds the day *before* `day` (so `--until 2026-11-01`
with `month` is October 2026); `current(kind, now)` is the period holding today, so far.
Every period compares with the previous period of the same kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kb.errors import KbError

KINDS = ("week", "month", "quarter", "half", "year")
DEFAULT_TZ = "Asia/Seoul"
MIN_FOR_PERCENT = 10  # below this many in the previous period, no percentage change


class PeriodError(KbError):
    """An unknown period kind or time zone."""


def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. Asia/Seoul)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PeriodError("unknown_timezone", name=name) from exc


@dataclass(frozen=True)
class Period:
    """Days `start` ≤ day < `end` of one calendar period, in time zone `tz`."""

    kind: str
    start: dt.date
    end: dt.date  # the day after the last day
    tz: str = DEFAULT_TZ

    @property
    def start_at(self) -> dt.datetime:
        """The first instant, in UTC (for queries)."""
        return start_of(self.start, self.tz)

    @property
    def end_at(self) -> dt.datetime:
        """The instant after the last, in UTC."""
        return start_of(self.end, self.tz)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """`2026-W44`, `2026-10`, `2026-Q4`, `2026-H2`, `2026`."""
        year = self.start.year
        if self.kind == "week":
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        if self.kind == "month":
            return f"{year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{year}-H{(self.start.month - 1) // 6 + 1}"
        return str(year)

    @property
    def dates(self) -> str:
        """The days covered, e.g. `2026-10-01 ~ 2026-10-31`."""
        return f"{self.start.isoformat()} ~ {self.last_day.isoformat()}"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_of(self.kind, self.start - dt.timedelta(days=1), self.tz)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label, "start": self.start.isoformat(),
                "end": self.last_day.isoformat(), "tz": self.tz}


def start_of(day: dt.date, tz: str) -> dt.datetime:
    """Midnight at the start of `day` in `tz`, in UTC."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=zone(tz))
    return local.astimezone(dt.UTC)


def _months(kind: str) -> int:
    return {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]


def period_of(kind: str, day: dt.date, tz: str = DEFAULT_TZ) -> Period:
    """The calendar period of `kind` that holds `day`."""
    if kind not in KINDS:
        raise PeriodError("unknown_period", kind=kind, kinds=", ".join(KINDS))
    zone(tz)
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=7), tz)
    size = _months(kind)
    first = (day.month - 1) // size * size + 1
    start = dt.date(day.year, first, 1)
    after = first + size
    end = dt.date(day.year + 1, 1, 1) if after > 12 else dt.date(day.year, after, 1)
    return Period(kind, start, end, tz)


def until(kind: str, day: dt.date, tz: str = DEFAULT_TZ) -> Period:
    """The period holding the day before `day`: `until("month", 2026-11-01)` is October."""
    return period_of(kind, day - dt.timedelta(days=1), tz)


def current(kind: str, now: dt.datetime | None = None, tz: str = DEFAULT_TZ) -> Period:
    """The period holding today (in `tz`)."""
    now = now or dt.datetime.now(dt.UTC)
    return period_of(kind, now.astimezone(zone(tz)).date(), tz)


def change(now: int, before: int) -> float | None:
    """The relative change, or None when the previous count is too small to say."""
    if before < MIN_FOR_PERCENT:
        return None
    return (now - before) / before
