"""Field schemas: a format declared once as a table of fields, and `read` to check a mapping.

The tables themselves live with their owners (`kb.content.formats`, `chatbot.format`);
`docs/content-format.md` documents each of them and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.core.problems import Report, Text, did_you_mean, t
from kb.core.yamlsrc import Loc
from kb.text.romanize import anchor_slug

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping: its kind, default and what it means."""

    name: str
    kind: str  # str | list | date | bool | int | id | ids | mapping | records | choice
    default: Any
    help: str  # Korean
    help_en: str
    required: bool = False
    choices: tuple[str, ...] = ()


def field(name: str, kind: str, default: Any, help: str, help_en: str,  # noqa: A002
          **kw: Any) -> Field:
    """One row of a schema table (short, so tables read as tables)."""
    return Field(name, kind, default, help, help_en, **kw)


def id_hint(value: str) -> Text:
    """A hint showing a valid id made from `value`."""
    return t("bad_id_hint", example=anchor_slug(value))


_KIND_NAMES = {
    "str": Text("문자열", "a string"),
    "list": Text("문자열 목록", "a list of strings"),
    "ids": Text("id 목록", "a list of ids"),
    "date": Text("날짜 (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "bool": Text("true 또는 false", "true or false"),
    "int": Text("정수", "a whole number"),
    "id": Text("id", "an id"),
    "mapping": Text("키: 값 묶음", "a mapping"),
    "records": Text("목록", "a list"),
    "choice": Text("정해진 값", "one of the choices"),
}


def describe(value: Any) -> Text:
    """How a YAML value reads back to the user: `a string "a,b"`."""
    if isinstance(value, bool):
        return Text(f"불리언 {str(value).lower()}", f"boolean {str(value).lower()}")
    if isinstance(value, str):
        return Text(f"문자열 \"{value}\"", f"a string \"{value}\"")
    if isinstance(value, int | float):
        return Text(f"숫자 {value}", f"a number {value}")
    if isinstance(value, list):
        return Text("목록", "a list")
    if isinstance(value, dict):
        return Text("키: 값 묶음", "a mapping")
    if isinstance(value, dt.date):
        return Text(f"날짜 {value}", f"a date {value}")
    return Text("빈 값", "nothing")


def _coerce(field: Field, value: Any) -> tuple[Any, Text | None]:
    """`value` as the field's kind, or a hint saying how to write it."""
    kind = field.kind
    if kind in ("str", "id", "choice"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None, t("hint_quote")
        if kind == "choice" and value not in field.choices:
            return None, t("hint_choices", choices=", ".join(field.choices))
        return value.strip(), None
    if kind in ("list", "ids"):
        if isinstance(value, str):
            return None, t("hint_list", key=field.name, items=", ".join(
                p.strip() for p in value.split(",")) or "...")
        if not isinstance(value, list) or any(isinstance(v, list | dict) or v is None
                                              for v in value):
            return None, t("hint_list", key=field.name, items="...")
        return tuple(str(v).strip() for v in value), None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                pass
        return None, t("hint_date")
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, t("hint_bool")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return None, t("hint_int")
    if kind == "mapping":
        return (value, None) if isinstance(value, dict) else (None, t("hint_mapping"))
    if kind == "records":
        return (value, None) if isinstance(value, list) else (None, t("hint_records"))
    raise ValueError(f"unknown field kind {kind!r}")


def read(
    data: Mapping[str, Any],
    loc: Loc,
    fields: tuple[Field, ...],
    path: str,
    report: Report,
    *,
    what: Text,
) -> tuple[dict[str, Any], set[str]]:
    """Validate a mapping against `fields`; return values (defaults filled) and bad keys.

    Unknown keys are warnings with a did-you-mean; wrong types and missing required
    fields are errors. A bad field takes its default so checking can go on.
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for key in data:
        if key not in known:
            report.warning(
                path,
                loc.key_line(str(key)),
                t("unknown_key", key=key, what=what.ko, what_en=what.en)
                + did_you_mean(str(key), known),
                t("hint_known_keys", keys=", ".join(known)),
            )
    for field in fields:
        if field.name not in data or data[field.name] is None:
            if field.required:
                report.error(path, loc.line, t("missing_key", key=field.name, what=what.ko,
                                                what_en=what.en))
                bad.add(field.name)
            values[field.name] = field.default
            continue
        value, hint = _coerce(field, data[field.name])
        if hint is not None:
            value_loc = loc.get(field.name)
            report.error(
                path,
                value_loc.line if value_loc else loc.key_line(field.name),
                t("wrong_type", key=field.name, expected=_KIND_NAMES[field.kind].ko,
                  expected_en=_KIND_NAMES[field.kind].en,
                  found=describe(data[field.name]).ko, found_en=describe(data[field.name]).en),
                hint,
            )
            bad.add(field.name)
            value = field.default
        values[field.name] = value
    return values, bad
