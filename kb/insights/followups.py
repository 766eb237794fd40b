"""Customers who asked to hear back ("개선되면 알려주세요"), and how they become proposers.

A customer who ticks the box on the widget's contact form or on an article's "not helpful"
form leaves an address with their ask. The ask has a key, so it belongs to a question
group; when a task links that group (or the article), the customer becomes one of its
proposers (`collect`), and `kb task notify` tells them how it turned out. Addresses are kept
only for that: deleted once notified, or after `RETENTION_DAYS` at the latest.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, select, update

from kb.db import followups, task_proposers
from kb.errors import KbError
from kb.insights.contacts import EMAIL
from kb.insights.groups import Resolver, assign_new
from kb.insights.questions import normalize
from kb.insights.tasks import Task

RETENTION_DAYS = 365  # an address is never kept longer (the consent text says so)
SOURCES = ("widget", "article")


class FollowupError(KbError):
    """The address is not an e-mail address."""


def record(engine: Engine, email: str, question: str, *, source: str, lang: str = "ko",
           name: str | None = None, article: str | None = None,
           now: dt.datetime | None = None) -> int:
    """Keep a customer's wish to hear back about their ask; returns its id."""
    email = email.strip()
    if not EMAIL.match(email) or len(email) > 254:
        raise FollowupError("task_bad_email", email=email[:80])
    if source not in SOURCES:
        raise ValueError(f"unknown follow-up source {source!r}")
    question = question.strip()[:2000]
    with engine.begin() as conn:
        return conn.execute(insert(followups).values(
            ts=now or dt.datetime.now(dt.UTC), email=email, name=(name or "")[:80] or None,
            lang="en" if lang == "en" else "ko", question=question,
            norm=normalize(question) if question else None, source=source,
            article=article)).inserted_primary_key[0]


def collect(engine: Engine, task: Task, now: dt.datetime | None = None) -> int:
    """Add the customers whose ask falls under `task`'s evidence as its proposers (once
    each); returns how many were added."""
    assign_new(engine)
    resolver = Resolver(engine)
    groups = {resolver.final(key) for key in task.evidence.groups}
    with engine.begin() as conn:
        taken = {r[0] for r in conn.execute(select(task_proposers.c.followup).where(
            task_proposers.c.task_id == task.id, task_proposers.c.followup.is_not(None)))}
        rows = conn.execute(select(followups).where(followups.c.email.is_not(None))
                            .order_by(followups.c.id)).all()
        fresh = []
        for row in rows:
            if row.id in taken:
                continue
            group = resolver.group(row.norm, row.question) if row.norm is not None else None
            if group in groups or (row.article and row.article in task.evidence.articles):
                fresh.append({"task_id": task.id, "name": row.name, "email": row.email,
                              "lang": row.lang, "source": row.source, "followup": row.id,
                              "added": now or dt.datetime.now(dt.UTC)})
        if fresh:
            conn.execute(insert(task_proposers), fresh)
    return len(fresh)


def forget(engine: Engine, days: int = RETENTION_DAYS, now: dt.datetime | None = None) -> int:
    """Delete addresses kept longer than `days`; returns how many."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with engine.begin() as conn:
        return conn.execute(update(followups).where(
            followups.c.ts < cutoff, followups.c.email.is_not(None)).values(email=None)).rowcount
