"""Recording what customers and agents do (the full event API comes with the stats work)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, insert, select, true
from sqlalchemy.exc import IntegrityError

from kb.core.catalogue import Text, t
from kb.db import event_batches, events


def record(engine: Engine, type: str, **fields: object) -> None:  # noqa: A002 - the event's type
    """Store one event (through `record_many`, so questions and comments get their key)."""
    record_many(engine, [{"type": type, **fields}])


def count(engine: Engine, type: str, **where: object) -> int:  # noqa: A002
    """How many events of `type` match `where`."""
    query = select(func.count()).select_from(events).where(events.c.type == type)
    for key, value in where.items():
        query = query.where(events.c[key] == value)
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def most_viewed(engine: Engine, limit: int = 5, days: int = 30) -> list[tuple[str, int]]:
    """(article id, views) for the most viewed articles of the last `days` days."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    query = (select(events.c.article, func.count().label("n"))
             .where(events.c.type == "article_view", events.c.ts >= since,
                    events.c.article.is_not(None))
             .group_by(events.c.article).order_by(func.count().desc(), events.c.article)
             .limit(limit))
    with engine.connect() as conn:
        return [(row.article, row.n) for row in conn.execute(query)]


def article_stats(engine: Engine, ids: list[str], since: dt.datetime | None = None
                  ) -> dict[str, dict[str, object]]:
    """Views and helpful % per article since `since` (all time if None), for the console."""
    if not ids:
        return {}
    recent = events.c.ts >= since if since is not None else true()
    views = (select(events.c.article, func.count().label("n"))
             .where(events.c.type == "article_view", events.c.article.in_(ids), recent)
             .group_by(events.c.article))
    votes = (select(events.c.article, func.count().label("n"),
                    func.sum(events.c.helpful).label("yes"))
             .where(events.c.type == "vote", events.c.article.in_(ids), recent)
             .group_by(events.c.article))
    out: dict[str, dict[str, object]] = {i: {"views": 0, "votes": 0, "helpful": None}
                                         for i in ids}
    with engine.connect() as conn:
        for row in conn.execute(views):
            out[row.article]["views"] = row.n
        for row in conn.execute(votes):
            out[row.article]["votes"] = row.n
            out[row.article]["helpful"] = round(100 * (row.yes or 0) / row.n)
    return out


# Each event type and the fields it requires; every field's type and size.
REQUIRED: dict[str, tuple[str, ...]] = {
    "widget_open": (),
    "search": ("query",),
    "search_click": ("query", "article"),
    "article_view": ("article", "source"),
    "vote": ("article", "helpful"),
    "scenario_step": ("scenario", "path"),
    "handoff": (),
    "contact": (),
}
SOURCES = ("manual", "widget", "agent", "kakao")
MAX_BATCH = 50


def _check(name: str, value: object) -> Text | None:
    """Why `value` is not a valid `name` field, or None."""
    text_limits = {"session": 64, "query": 200, "article": 120, "comment": 1000,
                   "scenario": 64, "ts": 40}
    if name in text_limits:
        if not isinstance(value, str) or len(value) > text_limits[name]:
            return t("event_text", name=name, limit=text_limits[name])
    elif name == "source":
        if value not in SOURCES:
            return t("event_source", choices=", ".join(SOURCES))
    elif name == "helpful":
        if not isinstance(value, bool):
            return t("event_helpful")
    elif name == "rank":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            return t("event_rank")
    elif name in ("hits", "path"):
        limit = 20 if name == "hits" else 3
        if (not isinstance(value, list) or len(value) > limit
                or not all(isinstance(v, str) and len(v) <= 120 for v in value)):
            return t("event_list", name=name, limit=limit)
    elif name != "type":
        return t("event_unknown_field", name=name)
    return None


def validate_batch(payload: object, *, retention_days: int = 730
                   ) -> tuple[list[dict[str, object]], Text | None]:
    """Rows to store for one event or a batch of ≤ 50, or the first error (nothing stored).

    A `ts` must fall in the retention window and not in the future (5 minutes of clock
    skew allowed): an older one could backdate into any period."""
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        return [], t("events_none")
    if len(items) > MAX_BATCH:
        return [], t("events_too_many", max=MAX_BATCH, count=len(items))
    rows = []
    for index, item in enumerate(items):
        where = t("event_prefix", index=index) if isinstance(payload, list) else Text("", "")
        if not isinstance(item, dict):
            return [], where + t("event_not_object")
        kind = item.get("type")
        if not isinstance(kind, str) or kind not in REQUIRED:
            return [], where + t("event_unknown_type", type=repr(kind),
                                 types=", ".join(REQUIRED))
        for name, value in item.items():
            problem = _check(name, value)
            if problem:
                return [], where + problem
        missing = [f for f in REQUIRED[kind] if f not in item]
        if missing:
            return [], where + t("event_needs", kind=kind, fields=", ".join(missing))
        row = {k: v for k, v in item.items() if k not in ("ts", "hits", "path", "helpful")}
        if "ts" in item:
            when = _timestamp(item["ts"])
            if when is None:
                return [], where + t("event_ts")
            if when < dt.datetime.now(dt.UTC) - dt.timedelta(days=retention_days):
                return [], where + t("event_ts_range", days=retention_days)
            row["ts"] = when
        if "hits" in item:
            row["hits"] = " ".join(item["hits"])
        if isinstance(row.get("query"), str):  # TAB, CR, LF: spaces in a query
            row["query"] = " ".join(str(row["query"]).split())
        if "path" in item:
            row["path"] = " > ".join(item["path"])
        if "helpful" in item:
            row["helpful"] = int(item["helpful"])
        rows.append(row)
    return rows, None


def _timestamp(value: object) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
        return None
    return when


def record_many(engine: Engine, rows: list[dict[str, object]],
                batch_key: str | None = None) -> bool:
    """Store validated rows in one transaction, each question with its grouping key.

    With `batch_key` (a client's Idempotency-Key) a batch already stored under that key is
    not stored again; returns False then."""
    from kb.insights.questions import normalize

    now = dt.datetime.now(dt.UTC)
    for row in rows:
        # The server's time for an event that brought none (a batch mixes both, and one
        # multi-row INSERT would otherwise store NULL and drop it from every period).
        if row.get("ts") is None:
            row["ts"] = now
        text = row.get("query") or (row.get("comment") if row.get("type") == "vote" else None)
        if isinstance(text, str) and text.strip():
            row["norm"] = normalize(text)
    if not rows:
        return True
    keys = {k for row in rows for k in row}
    try:
        with engine.begin() as conn:
            if batch_key is not None:
                conn.execute(insert(event_batches).values(key=batch_key, stored=len(rows),
                                                          ts=now))
            conn.execute(insert(events), [{k: row.get(k) for k in keys} for row in rows])
    except IntegrityError:
        if batch_key is None:
            raise
        return False
    return True
