"""The built-in contact form: validated field by field, saved whole or not at all."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, insert, select

from kb.db import contacts

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,18}[0-9]$")
LIMITS = {"name": 80, "contact": 120, "question": 2000}
MESSAGES = {
    "required": ("필수 항목이에요.", "This field is required."),
    "too_long": ("{n}자 이하로 써 주세요.", "Use at most {n} characters."),
    "contact": ("이메일 주소나 전화번호를 써 주세요.", "Enter an email address or a phone number."),
    "consent": ("개인정보 수집·이용에 동의해 주세요.",
                "Please agree to the collection of your details."),
}


def _msg(code: str, lang: str, **params: object) -> str:
    ko, en = MESSAGES[code]
    return (en if lang == "en" else ko).format(**params)


def validate(data: Mapping[str, Any], lang: str = "ko") -> tuple[dict[str, str], dict[str, str]]:
    """(clean values, field errors); nothing is saved unless errors is empty."""
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = data.get(field)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[field] = _msg("required", lang)
        elif len(value) > limit:
            errors[field] = _msg("too_long", lang, n=limit)
        clean[field] = value
    if "contact" not in errors and not (EMAIL.match(clean["contact"])
                                        or PHONE.match(clean["contact"])):
        errors["contact"] = _msg("contact", lang)
    if data.get("consent") is not True:
        errors["consent"] = _msg("consent", lang)
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
