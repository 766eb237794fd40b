"""The built-in contact form: validated field by field, saved whole or not at all.

Field errors are catalogue messages (`contact_*` in `kb.insights.messages`). A message (name,
address, question) is kept `RETENTION_DAYS` and then deleted by `kb prune` — the consent
text beside the form says so (`widget_consent_detail`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from kb.core.catalogue import message
from kb.db import contacts

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,18}[0-9]$")
LIMITS = {"name": 80, "contact": 120, "question": 2000}
RETENTION_DAYS = 365  # the consent text names this period


def validate(data: Mapping[str, Any], lang: str = "ko") -> tuple[dict[str, str], dict[str, str]]:
    """(clean values, field errors); nothing is saved unless errors is empty."""
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = data.get(field)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[field] = message("contact_required", lang)
        elif len(value) > limit:
            errors[field] = message("contact_too_long", lang, n=limit)
        clean[field] = value
    if "contact" not in errors and not (EMAIL.match(clean["contact"])
                                        or PHONE.match(clean["contact"])):
        errors["contact"] = message("contact_address", lang)
    if data.get("consent") is not True:
        errors["consent"] = message("contact_consent", lang)
    for field in ("session", "page"):
        value = data.get(field)
        clean[field] = value[:500] if isinstance(value, str) else ""
    return clean, errors


def save(engine: Engine, clean: Mapping[str, str], lang: str) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(contacts).values(
            name=clean["name"], contact=clean["contact"], question=clean["question"],
            session=clean.get("session") or None, page=clean.get("page") or None, lang=lang,
        )).inserted_primary_key[0]


def recent(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(contacts).order_by(contacts.c.id.desc()).limit(limit))
        return [dict(row._mapping) for row in rows]


def forget(engine: Engine, days: int = RETENTION_DAYS, now: dt.datetime | None = None) -> int:
    """Delete contact messages older than `days` (name, address and question); how many."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with engine.begin() as conn:
        return conn.execute(delete(contacts).where(contacts.c.ts < cutoff)).rowcount
