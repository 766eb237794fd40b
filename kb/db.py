"""The database: SQLAlchemy Core tables, SQLite by default, PostgreSQL by URL.

SQLite runs in WAL mode with a busy timeout, so readers never block the writer and
concurrent writers wait instead of failing with "database is locked".
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
)
from sqlalchemy.exc import InterfaceError, OperationalError

# The store does not answer or refuses writes (down, read-only, disk full, failover): the
# web layer answers 503 for writes and skips recording visits.
STORE_DOWN: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),  # agent | admin
    Column("created", DateTime(timezone=True), server_default=func.now()),
    # Signed into each session cookie; logout and a password change bump it, which ends
    # every session issued before (kb.accounts.end_sessions).
    Column("session_version", Integer, nullable=False, server_default="0"),
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
    Column("norm", String(200), index=True),  # grouping key (kb.insights.questions)
    Index("ix_events_session_type", "session", "type"),  # coverage: what else a session did
)

# What the statistics read: an event type in a period, and a session's other events. On
# SQLite the first two also carry the columns the write-next queue reads, so it never
# touches the table (0.99 → 0.50 s at 300k events); PostgreSQL keeps the key columns only
# (its index rows have a size limit that search hit lists could pass).
ANALYTICS_INDEXES = {
    "sqlite": (
        "ix_events_asks ON events (type, ts, session, norm, hits, query)",
        "ix_events_outcomes ON events (type, ts, session, helpful)",
        "ix_events_session_type_ts ON events (session, type, ts)",
    ),
    "default": (
        "ix_events_type_ts ON events (type, ts)",
        "ix_events_session_type_ts ON events (session, type, ts)",
    ),
}

inquiries = Table(  # rows imported from consultation sheets (kb import inquiries)
    "inquiries", metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
    Column("channel", String(40)),
    Column("category", String(80)),
    Column("tag", String(80)),
    Column("question", Text, nullable=False),
    Column("norm", String(200), index=True),
    Column("product", String(120)),
    Column("result", String(120)),
    Column("fingerprint", String(64), nullable=False, unique=True),
)

sales = Table(  # orders per product and day, imported from sales files (kb import sales)
    "sales", metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("product", String(120), nullable=False),
    Column("product_group", String(120)),
    Column("orders", Integer, nullable=False),  # ≥ 0
    Column("amount", BigInteger),  # won; optional in the file
    Column("fingerprint", String(64), nullable=False, unique=True),
)

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied", DateTime(timezone=True), server_default=func.now()),
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


# The CX team's grouping decisions, next to the events they group (kb.insights.groups).
question_groups = Table(  # one row per question group; its key never changes
    "question_groups", metadata,
    Column("key", String(64), primary_key=True),
    Column("head", String(200), nullable=False),  # the ask key that founded it
    Column("article", String(120)),  # the answering article when it was founded
    Column("merged_into", String(64)),  # set by `kb groups merge`
    Column("seq", Integer, nullable=False),  # creation order (ties go to the older group)
    Column("created", DateTime(timezone=True), server_default=func.now()),
)

group_keys = Table(  # ask key → group, with why
    "group_keys", metadata,
    Column("norm", String(200), primary_key=True),
    Column("key", String(64), nullable=False, index=True),
    Column("reason", String(200), nullable=False),
)

group_wordings = Table(  # a wording moved to another group by hand (`kb groups split`)
    "group_wordings", metadata,
    Column("text", String(500), primary_key=True),
    Column("key", String(64), nullable=False),
    Column("by", String(80)),
    Column("at", DateTime(timezone=True), server_default=func.now()),
)


# Improvement tasks (개선과제) for other teams, with their evidence and history
# (kb.insights.tasks). Their counts are never stored: they are counted from the asks.
tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("status", String(20), nullable=False),  # selected planned done rejected notified
    Column("owner", String(120)),  # the team or person who builds it
    Column("theme", String(120)),
    Column("revisit", Date),  # a rejected task's re-review date
    Column("created", DateTime(timezone=True), nullable=False),
    Column("changed", DateTime(timezone=True), nullable=False),  # the last move
)

task_links = Table(  # the evidence: question group keys, tags (구분), articles
    "task_links", metadata,
    Column("task_id", Integer, nullable=False, primary_key=True),
    Column("kind", String(10), nullable=False, primary_key=True),  # group | tag | article
    Column("value", String(200), nullable=False, primary_key=True),
)

task_history = Table(  # every change: at, by, from → to, why, the count at that moment
    "task_history", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(80)),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("reason", Text),
    Column("revisit", Date),
    Column("count", Integer, nullable=False),  # asks in the 30 days before the move
    Column("note", String(200)),  # e.g. "no proposers" on a move to 피드백완료
)

followups = Table(  # customers who ticked "개선되면 알려주세요" with an ask and an address
    "followups", metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", DateTime(timezone=True), nullable=False),
    Column("email", String(254)),  # NULL once copied to a task and notified, or past retention
    Column("name", String(80)),
    Column("lang", String(8), nullable=False, server_default="ko"),
    Column("question", Text, nullable=False),
    Column("norm", String(200), index=True),  # the ask key, to find its question group
    Column("source", String(20), nullable=False),  # widget | article
    Column("article", String(120)),  # the article a 👎 was about
)

task_proposers = Table(  # people who asked to hear back; the address goes once notified
    "task_proposers", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, nullable=False, index=True),
    Column("name", String(80)),
    Column("email", String(254)),  # NULL once notified (or past the retention limit)
    Column("lang", String(8), nullable=False, server_default="ko"),
    Column("source", String(20), nullable=False),  # staff | widget | article
    Column("followup", Integer),  # the followups row it came from, once per task
    Column("added", DateTime(timezone=True), nullable=False),
    Column("notified", DateTime(timezone=True)),
)


# Event batches stored under a client's Idempotency-Key: a retried batch is stored once.
event_batches = Table(
    "event_batches", metadata,
    Column("key", String(128), primary_key=True),
    Column("stored", Integer, nullable=False),
    Column("ts", DateTime(timezone=True), nullable=False, index=True),
)


def database_url(instance: Path) -> str:
    """KB_DATABASE_URL, else a SQLite file in the instance folder."""
    return os.environ.get("KB_DATABASE_URL") or f"sqlite:///{Path(instance).resolve()}/answerloop.db"


# Each migration: (version, what it does, function(connection)). Append, never edit.
def _initial(conn) -> None:  # noqa: ANN001
    metadata.create_all(conn)


def _groups_and_indexes(conn) -> None:  # noqa: ANN001
    for table in (question_groups, group_keys, group_wordings):
        table.create(conn, checkfirst=True)
    for index in ANALYTICS_INDEXES.get(conn.dialect.name, ANALYTICS_INDEXES["default"]):
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {index}")
    # Ask keys now say what is asked too (kb.insights.questions): recomputed on next use.
    conn.execute(events.update().where(events.c.norm.is_not(None)).values(norm=None))
    conn.execute(inquiries.update().values(norm=None))


def _tasks(conn) -> None:  # noqa: ANN001
    for table in (tasks, task_links, task_history, task_proposers, followups):
        table.create(conn, checkfirst=True)


def _sales(conn) -> None:  # noqa: ANN001
    sales.create(conn, checkfirst=True)


def _sessions_and_batches(conn) -> None:  # noqa: ANN001
    from sqlalchemy import inspect

    if "session_version" not in {c["name"] for c in inspect(conn).get_columns("users")}:
        conn.exec_driver_sql(
            "ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")
    event_batches.create(conn, checkfirst=True)


MIGRATIONS = [(1, "users, events, contacts, inquiries", _initial),
              (2, "question groups; (type, ts) and (session, type, ts) indexes; ask keys v2",
               _groups_and_indexes),
              (3, "improvement tasks: tasks, links, history, proposers, follow-ups", _tasks),
              (4, "sales: orders per product and day", _sales),
              (5, "users.session_version; event batches by Idempotency-Key",
               _sessions_and_batches)]


# Several instances may start at the same moment on one empty database: the first to take
# this lock migrates, the others wait for it and then find nothing left to do.
MIGRATION_LOCK = 0x616E_7377  # "answ": any constant, the same in every process


def migrate(engine: Engine) -> int:
    """Apply pending migrations in order, once even when several processes start together;
    returns the schema version.

    One transaction holds it all: on PostgreSQL a transaction-level advisory lock (DDL is
    transactional there, so a failed step leaves nothing behind); on SQLite the
    `BEGIN IMMEDIATE` that `connect` issues takes the write lock first.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        schema_version.create(conn, checkfirst=True)
        done = {row.version for row in conn.execute(schema_version.select())}
        for version, _, apply in MIGRATIONS:
            if version not in done:
                apply(conn)
                conn.execute(schema_version.insert().values(version=version))
    return MIGRATIONS[-1][0]


def connect(url: str) -> Engine:
    """An engine on a migrated database.

    SQLite: WAL, a busy timeout, and BEGIN IMMEDIATE for every transaction, so
    concurrent writers queue instead of failing with "database is locked".
    """
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # pool_pre_ping: a connection the server dropped (a restart, a failover) is replaced
    # before use, so the store recovers on its own once the database answers again.
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    migrate(engine)
    return engine


def ping(engine: Engine) -> None:
    """Ask the database one trivial question; raises if it does not answer."""
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")


def writable(engine: Engine) -> bool:
    """Whether the store takes writes now (read-only file, full disk, a replica after a
    failover: False). Opens a write transaction and rolls it back; writes nothing."""
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                return conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "off"
        raw = engine.raw_connection()  # SQLite: BEGIN IMMEDIATE takes the write lock, or fails
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:  # a real write to the main database, never committed
                cursor.execute("CREATE TABLE main.kb_write_probe (x INTEGER)")
            finally:
                cursor.execute("ROLLBACK")
            cursor.close()
        finally:
            raw.close()
        return True
    except Exception:  # noqa: BLE001 - any refusal means: not writable now
        return False


def prune(engine: Engine, days: int) -> int:
    """Delete events older than `days` (the retention setting); returns how many."""
    import datetime as dt

    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    with engine.begin() as conn:
        conn.execute(event_batches.delete().where(event_batches.c.ts < cutoff))
        return conn.execute(events.delete().where(events.c.ts < cutoff)).rowcount
