"""Recording what customers and agents do (the full event API comes with the stats work)."""

from __future__ import annotations

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
