"""Counting the asks behind an improvement task: its evidence, in any window of time.

A task's evidence is question group keys, tags (the sheet's 구분) and articles. An ask
counts for a task when it is in one of its groups (following merges and splits, so new
wordings of the question count too), a sheet row carries one of its tags (or a child of
it: 배송 covers 배송/지연), or it is a 👎 on one of its articles. An ask that matches
twice counts once. Counts are never stored: they are counted when asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, literal, select, union_all

from kb.db import events, inquiries
from kb.insights.groups import Resolver, assign_new


@dataclass(frozen=True)
class Evidence:
    """What a task links to."""

    groups: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.groups or self.tags or self.articles)


@dataclass
class _Row:
    norm: str | None
    text: str | None
    tag: str | None
    article: str | None
    n: int
    groups: set[str] = field(default_factory=set)


def _rows(engine: Engine, start: dt.datetime, end: dt.datetime) -> list[_Row]:
    """Asks in [start, end), aggregated: searches, 👎 votes (with or without a comment),
    sheet rows."""
    null = literal(None)
    searches = select(events.c.norm, events.c.query.label("text"), null.label("tag"),
                      null.label("article"), func.count().label("n")).where(
        events.c.ts >= start, events.c.ts < end, events.c.type == "search").group_by(
        events.c.norm, events.c.query)
    downvotes = select(events.c.norm, events.c.comment.label("text"), null.label("tag"),
                       events.c.article, func.count().label("n")).where(
        events.c.ts >= start, events.c.ts < end, events.c.type == "vote",
        events.c.helpful == 0).group_by(events.c.norm, events.c.comment, events.c.article)
    tag = func.coalesce(inquiries.c.tag, inquiries.c.category)
    sheet = select(inquiries.c.norm, inquiries.c.question.label("text"), tag.label("tag"),
                   null.label("article"), func.count().label("n")).where(
        inquiries.c.ts >= start, inquiries.c.ts < end).group_by(
        inquiries.c.norm, inquiries.c.question, tag)
    with engine.connect() as conn:
        return [_Row(r.norm, r.text, r.tag, r.article, int(r.n))
                for r in conn.execute(union_all(searches, downvotes, sheet))]


def _tag_matches(tag: str | None, tags: frozenset[str]) -> bool:
    return bool(tag) and any(tag == t or tag.startswith(t + "/") for t in tags)


def counts(engine: Engine, evidence: Mapping[int, Evidence], start: dt.datetime,
           end: dt.datetime) -> dict[int, int]:
    """Asks in [start, end) per task id."""
    out = dict.fromkeys(evidence, 0)
    if not any(evidence.values()):
        return out
    assign_new(engine)
    resolver = Resolver(engine)
    wanted = {tid: Evidence(frozenset(resolver.final(k) for k in ev.groups), ev.tags,
                            ev.articles) for tid, ev in evidence.items()}
    for row in _rows(engine, start, end):
        group = resolver.group(row.norm, row.text or "") if row.norm is not None else None
        for tid, ev in wanted.items():
            if (group is not None and group in ev.groups) or _tag_matches(row.tag, ev.tags) \
                    or (row.article is not None and row.article in ev.articles):
                out[tid] += row.n
    return out


def weekly(engine: Engine, evidence: Mapping[int, Evidence], end: dt.datetime,
           weeks: Iterable[tuple[dt.datetime, dt.datetime]]) -> dict[int, list[int]]:
    """Counts per task for each (start, end) window, oldest first (for sparklines)."""
    out: dict[int, list[int]] = {tid: [] for tid in evidence}
    for start, stop in weeks:
        for tid, n in counts(engine, evidence, start, min(stop, end)).items():
            out[tid].append(n)
    return out
