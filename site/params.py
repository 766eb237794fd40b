"""Query-string parameters read strictly: bad encoding or control characters are a 400;
the staff pages' calendar period (`?period=month&until=2026-11-01`) read the same way.

Problems are `KbError`s (status 400) with catalogue messages, answered in the request's
language by `kbsite.errors`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import unquote_to_bytes

from flask import request

from kb.errors import KbError
from kb.insights import calendar
from kbsite.store import content

_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def text_param(name: str) -> str:
    """The parameter as text; 400 for invalid percent-encoding, invalid UTF-8
    (lone surrogates included) or control characters."""
    value = ""
    for part in request.query_string.split(b"&"):
        key, _, raw = part.partition(b"=")
        if unquote_to_bytes(key.replace(b"+", b" ")) != name.encode():
            continue
        if _BAD_PERCENT.search(raw):
            raise KbError("param_bad_percent", name=name)
        try:
            value = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise KbError("param_bad_utf8", name=name) from None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value):
        raise KbError("param_control", name=name)
    return value


def int_param(name: str, default: int, low: int, high: int) -> int:
    """A whole number in [low, high], else 400 naming the allowed range."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise KbError("param_range", name=name, low=low, high=high)
    return value


def lang_param(languages: tuple[str, ...]) -> str | None:
    """An optional language filter, one of the site's languages."""
    raw = text_param("lang")
    if raw and raw not in languages:
        raise KbError("param_choice", name="lang", choices=", ".join(languages))
    return raw or None


def period_param() -> calendar.Period:
    """`?period=month&until=2026-11-01`: the calendar period before `until` (default: the
    current period so far), in the site's time zone."""
    kind = request.args.get("period", "month")
    if kind not in calendar.KINDS:
        raise KbError("param_choice", name="period", choices=", ".join(calendar.KINDS))
    tz = content().site.timezone
    until = request.args.get("until", "")
    if not until:
        return calendar.current(kind, tz=tz)
    try:
        day = dt.date.fromisoformat(until)
    except ValueError:
        raise KbError("param_date", name="until", value=until[:40]) from None
    return calendar.until(kind, day, tz)


def period_args(period: calendar.Period) -> dict[str, str]:
    """The query arguments that select `period` again."""
    return {"period": period.kind, "until": period.end.isoformat()}
