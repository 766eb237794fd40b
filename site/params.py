"""Query-string parameters read strictly: bad encoding or control characters are a 400."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote_to_bytes

from flask import abort, request

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
            abort(400, f"'{name}' has invalid percent-encoding")
        try:
            value = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            abort(400, f"'{name}' is not valid UTF-8")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value):
        abort(400, f"'{name}' contains control characters")
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
        abort(400, f"'{name}' must be a whole number from {low} to {high}")
    return value


def lang_param(languages: tuple[str, ...]) -> str | None:
    """An optional language filter, one of the site's languages."""
    raw = text_param("lang")
    if raw and raw not in languages:
        abort(400, f"'lang' must be one of: {', '.join(languages)}")
    return raw or None
