"""Staff accounts: agents, admins and viewers (other teams: improvement tasks, read-only),
passwords hashed with scrypt (werkzeug.security).

Its messages sit here in the catalogue (this room sits beside `kb.insights`, not above it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from kb.core.catalogue import register
from kb.db import users
from kb.errors import KbError

ROLES = ("agent", "admin", "viewer")
NAME_RE = re.compile(r"^[A-Za-z0-9._@-]{2,80}$")
MIN_PASSWORD = 10
# Checked when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("answerloop-timing-equaliser")


# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "account_bad_name": ("아이디는 영문, 숫자, . _ @ - 로 2–80자여야 해요",
                         "name: 2–80 letters, digits or . _ @ -"),
    "account_bad_role": ("역할은 다음 중 하나여야 해요: {roles}", "role must be one of: {roles}"),
    "account_short_password": ("비밀번호는 {min}자 이상이어야 해요",
                               "password must be at least {min} characters"),
}
register(MESSAGES, __name__)


class AccountError(KbError):
    """A user-facing problem with account data."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    session_version: int = 0  # signed into session cookies; see `end_sessions`

    def can(self, role: str) -> bool:
        """Admins can do what agents and viewers can; agents and viewers only their own."""
        return self.role == "admin" or self.role == role


def add_user(engine: Engine, name: str, password: str, role: str) -> User:
    """Create or re-password a user."""
    if not NAME_RE.match(name):
        raise AccountError("account_bad_name")
    if role not in ROLES:
        raise AccountError("account_bad_role", roles=", ".join(ROLES))
    if len(password) < MIN_PASSWORD:
        raise AccountError("account_short_password", min=MIN_PASSWORD)
    hashed = generate_password_hash(password)
    with engine.begin() as conn:
        found = conn.execute(select(users.c.id).where(users.c.name == name)).first()
        if found:
            # A new password ends every session signed in with the old one.
            conn.execute(update(users).where(users.c.id == found.id)
                         .values(password_hash=hashed, role=role,
                                 session_version=users.c.session_version + 1))
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
    return User(row.id, row.name, row.role, row.session_version)


def get_user(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return User(row.id, row.name, row.role, row.session_version) if row else None


def end_sessions(engine: Engine, user_id: int) -> None:
    """End every session of this user (logout): cookies signed with the old version no
    longer open anything, even copies taken before."""
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id)
                     .values(session_version=users.c.session_version + 1))
