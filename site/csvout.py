"""CSV downloads for Excel: UTF-8 with a BOM, and every text cell safe to open.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by a
spreadsheet as a formula; customer text (a search, a 👎 comment, a sheet row) must never run
there, so such cells get a leading `'` (OWASP's CSV-injection advice). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from flask import Response, current_app

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """`value` as written, or with a leading `'` when a spreadsheet would run it. Numbers
    are plain numbers (3, -20, 0.25): no `+`, no `%`, no exponent, booleans as 1/0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
        if "e" in text.lower():  # 1e-07, 1E+3: a spreadsheet could misread the exponent
            text = format(Decimal(str(value)), "f")
        return text
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def download(rows: Iterable[Sequence[object]], filename: str) -> Response:
    """A CSV attachment of `rows` (the first is the header)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return current_app.response_class(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"})
