"""The database: SQLAlchemy Core tables, SQLite by default, PostgreSQL by URL.

SQLite runs in WAL mode with a busy timeout, so readers never block the writer and
concurrent writers wait instead of failing with "database is locked".
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
)

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),  # agent | admin
    Column("created", DateTime(timezone=True), server_default=func.now()),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", DateTime(timezone=True), server_default=func.now(), index=True),
    Column("type", String(32), nullable=False, index=True),
    Column("session", String(64)),
    Column("article", String(120), index=True),
    Column("source", String(20)),
    Column("query", Text),
    Column("helpful", Integer),  # 1 yes, 0 no (votes)
    Column("comment", Text),
    Column("scenario", String(64)),
    Column("path", Text),  # scenario label path, " > "-joined
    Column("hits", Text),  # search hit ids, space-joined
    Column("rank", Integer),
)

contacts = Table(
    "contacts", metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", DateTime(timezone=True), server_default=func.now(), index=True),
    Column("name", String(80), nullable=False),
    Column("contact", String(120), nullable=False),  # email or phone
    Column("question", Text, nullable=False),
    Column("session", String(64)),
    Column("page", Text),
    Column("lang", String(8)),
)


def database_url(instance: Path) -> str:
    """KB_DATABASE_URL, else a SQLite file in the instance folder."""
    return os.environ.get("KB_DATABASE_URL") or f"sqlite:///{Path(instance).resolve()}/answerloop.db"


def connect(url: str) -> Engine:
    """An engine with the tables created (schema migrations arrive with the event store)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()
    metadata.create_all(engine)
    return engine
