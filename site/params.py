"""Query-string parameters read strictly: bad encoding or control characters are a 400;
the staff pages' calendar period (`?period=month&until=2026-11-01`) read the same way.

Problems are `KbError`s (status 400) with catalogue messages, answered in the request's
language by `kbsite.errors`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from urllib.parse import unquote_to_bytes

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

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


# JSON request bodies: nesting deeper than this is refused before parsing (a 20,000-level
# array would otherwise overflow Python's recursion limit: a 500).
MAX_JSON_DEPTH = 32
_BODY_KEY = "answerloop.body"  # the WSGI environ key of the body once read


class BodyTooLarge(KbError):
    status = 413


def _too_deep(text: str, limit: int) -> bool:
    """True if brackets outside strings nest deeper than `limit` (a linear scan)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def bad_char(text: str) -> bool:
    """True for a lone surrogate, NUL or a C0/C1 control other than TAB, CR and LF.
    Format characters (bidi marks, zero-width spaces) are fine."""
    return any(0xD800 <= ord(c) <= 0xDFFF
               or (unicodedata.category(c) == "Cc" and c not in "\t\n\r") for c in text)


def _check_strings(value: object, field: str) -> None:
    """400 naming the first field whose text (or key) holds a forbidden character."""
    if isinstance(value, str):
        if bad_char(value):
            raise KbError("api_field_chars", name=field or "-")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{key}" if field else str(key)
            if bad_char(str(key)):
                raise KbError("api_field_chars", name=field or "-")
            _check_strings(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{field}[{index}]")


def json_body(max_bytes: int) -> object:
    """The request body as JSON, whatever its content type (sendBeacon posts text/plain).

    Read from the stream with a cap, so a chunked body without Content-Length is a 413
    too, never cut short; then valid UTF-8, a nesting limit and clean text, each a 400.
    """
    if request.content_length is not None and request.content_length > max_bytes:
        raise BodyTooLarge("api_body_too_large", kb=max_bytes // 1024)
    raw = request.environ.get(_BODY_KEY)
    if raw is None:
        if request.content_length is None and request.environ.get("wsgi.input_terminated"):
            # Chunked: werkzeug's stream would stop quietly at MAX_CONTENT_LENGTH and hand
            # over the prefix; read the server's stream one byte past the cap instead.
            raw = request.environ["wsgi.input"].read(max_bytes + 1)
        else:
            try:
                raw = request.get_data(cache=True)
            except RequestEntityTooLarge:
                raise BodyTooLarge("api_body_too_large", kb=max_bytes // 1024) from None
        request.environ[_BODY_KEY] = raw  # the contact limit's key reads it first
    if len(raw) > max_bytes:
        raise BodyTooLarge("api_body_too_large", kb=max_bytes // 1024)
    # Invalid UTF-8 bytes become lone surrogates here, so the text check names their field.
    text = raw.decode("utf-8", "surrogateescape")
    if _too_deep(text, MAX_JSON_DEPTH):
        raise KbError("api_body_too_deep", depth=MAX_JSON_DEPTH)
    try:
        payload = json.loads(text or "null")
    except (ValueError, RecursionError):
        raise KbError("api_body_not_json") from None
    _check_strings(payload, "")
    return payload
