"""Staff accounts: agents and admins, passwords hashed with scrypt (werkzeug.security)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from kb.db import users

ROLES = ("agent", "admin")
NAME_RE = re.compile(r"^[A-Za-z0-9._@-]{2,80}$")
MIN_PASSWORD = 10
# Checked when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("answerloop-timing-equaliser")


class AccountError(ValueError):
    """A user-facing problem with account data."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    def can(self, role: str) -> bool:
        """Admins can do what agents can."""
        return self.role == "admin" or self.role == role


def add_user(engine: Engine, name: str, password: str, role: str) -> User:
    """Create or re-password a user."""
    if not NAME_RE.match(name):
        raise AccountError("name: 2–80 letters, digits or . _ @ -")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password must be at least {MIN_PASSWORD} characters")
    hashed = generate_password_hash(password)
    with engine.begin() as conn:
        found = conn.execute(select(users.c.id).where(users.c.name == name)).first()
        if found:
            conn.execute(update(users).where(users.c.id == found.id)
                         .values(password_hash=hashed, role=role))
            uid = found.id
        else:
            uid = conn.execute(insert(users).values(name=name, password_hash=hashed,
                                                    role=role)).inserted_primary_key[0]
    return User(uid, name, role)


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    """The user if name and password match, else None (no hint which one was wrong)."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row.password_hash, password):
        return None
    return User(row.id, row.name, row.role)


def get_user(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return User(row.id, row.name, row.role) if row else None
