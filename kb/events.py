"""Recording what customers and agents do (the full event API comes with the stats work)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, insert, select

from kb.db import events


def record(engine: Engine, type: str, **fields: object) -> None:  # noqa: A002 - the event's type
    """Store one event."""
    with engine.begin() as conn:
        conn.execute(insert(events).values(type=type, **fields))


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
             .group_by(events.c.article).order_by(func.count().desc()).limit(limit))
    with engine.connect() as conn:
        return [(row.article, row.n) for row in conn.execute(query)]


def article_stats(engine: Engine, ids: list[str]) -> dict[str, dict[str, object]]:
    """Views and helpful % per article (all time), for the agent console."""
    if not ids:
        return {}
    views = (select(events.c.article, func.count().label("n"))
             .where(events.c.type == "article_view", events.c.article.in_(ids))
             .group_by(events.c.article))
    votes = (select(events.c.article, func.count().label("n"),
                    func.sum(events.c.helpful).label("yes"))
             .where(events.c.type == "vote", events.c.article.in_(ids))
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
