"""One period's statistics against the previous one: counts, failed searches, votes,
hand-off paths, sheet tags, the scenario funnel and the self-service rate.

Periods are calendar periods in the site's time zone (`kb.insights.calendar`). Everything
listed has a total order (count, then the key), and no list depends on row order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, exists, func, or_, select

from kb.content.tree import Content
from kb.core.catalogue import Text, t
from kb.db import events, inquiries
from kb.insights.calendar import Period

STALE_DAYS = 180


@dataclass
class PeriodStats:
    period: Period
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # type → (now, before)
    failed_searches: list[tuple[str, int]] = field(default_factory=list)
    views_by_source: dict[str, int] = field(default_factory=dict)
    helpful: dict[str, tuple[int, int]] = field(default_factory=dict)  # article → (yes, votes)
    handoff_paths: list[tuple[str, int]] = field(default_factory=list)
    inquiries_by_tag: list[tuple[str, int]] = field(default_factory=list)  # "" = no tag
    self_service: float | None = None  # sessions with an answer and no hand-off
    # scenario funnel: label path → (sessions that reached it, left there, handed off after)
    funnel: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"period": self.period.as_dict(),
                "counts": {k: {"now": a, "before": b} for k, (a, b) in self.counts.items()},
                "failed_searches": self.failed_searches, "views_by_source": self.views_by_source,
                "helpful": {k: {"yes": a, "votes": b} for k, (a, b) in self.helpful.items()},
                "handoff_paths": self.handoff_paths, "inquiries_by_tag": self.inquiries_by_tag,
                "self_service": self.self_service,
                "funnel": {k: {"reached": a, "left": b, "handed_off": c}
                           for k, (a, b, c) in self.funnel.items()}}


def period_stats(engine: Engine, period: Period) -> PeriodStats:
    """`period`'s statistics, with the previous period's counts beside them."""
    start, end, before = period.start_at, period.end_at, period.previous().start_at
    stats = PeriodStats(period)
    count = func.count()
    cur = (events.c.ts >= start) & (events.c.ts < end)
    prev = (events.c.ts >= before) & (events.c.ts < start)
    with engine.connect() as conn:
        for label, window in (("now", cur), ("before", prev)):
            for row in conn.execute(select(events.c.type, func.count()).where(window)
                                    .group_by(events.c.type)):
                a, b = stats.counts.get(row[0], (0, 0))
                stats.counts[row[0]] = (row[1], b) if label == "now" else (a, row[1])
        sheet_now = conn.execute(select(func.count()).select_from(inquiries).where(
            inquiries.c.ts >= start, inquiries.c.ts < end)).scalar_one()
        sheet_before = conn.execute(select(func.count()).select_from(inquiries).where(
            inquiries.c.ts >= before, inquiries.c.ts < start)).scalar_one()
        stats.counts["sheet"] = (sheet_now, sheet_before)
        stats.failed_searches = [(r[0], r[1]) for r in conn.execute(
            select(events.c.query, func.count()).where(
                cur, events.c.type == "search",
                or_(events.c.hits.is_(None), events.c.hits == ""))
            .group_by(events.c.query).order_by(count.desc(), events.c.query).limit(10))]
        stats.views_by_source = {r[0] or "?": r[1] for r in conn.execute(
            select(events.c.source, func.count()).where(cur, events.c.type == "article_view")
            .group_by(events.c.source))}
        stats.helpful = {r[0]: (int(r[1] or 0), r[2]) for r in conn.execute(
            select(events.c.article, func.sum(events.c.helpful), func.count()).where(
                cur, events.c.type == "vote", events.c.article.is_not(None))
            .group_by(events.c.article))}
        other = events.alias("other")
        handed_after = exists().where(other.c.session == events.c.session,
                                      other.c.type == "handoff", other.c.ts >= events.c.ts,
                                      other.c.ts < end)
        stats.handoff_paths = [(r[0], r[1]) for r in conn.execute(
            select(events.c.path, func.count()).where(
                cur, events.c.type == "scenario_step", events.c.session.is_not(None),
                handed_after).group_by(events.c.path).order_by(count.desc(), events.c.path)
            .limit(10))]
        stats.inquiries_by_tag = [(r[0] or "", r[1]) for r in conn.execute(
            select(inquiries.c.tag, func.count()).where(inquiries.c.ts >= start,
                                                        inquiries.c.ts < end)
            .group_by(inquiries.c.tag).order_by(count.desc(), inquiries.c.tag))]
        steps = conn.execute(select(events.c.session, events.c.path, events.c.ts).where(
            cur, events.c.type == "scenario_step", events.c.session.is_not(None))
            .order_by(events.c.session, events.c.ts, events.c.id)).all()
        handoffs: dict[str, dt.datetime] = {}
        for r in conn.execute(select(events.c.session, func.min(events.c.ts)).where(
                cur, events.c.type.in_(("handoff", "contact")),
                events.c.session.is_not(None)).group_by(events.c.session)):
            handoffs[r[0]] = r[1]
        stats.funnel = _funnel(steps, handoffs)
        # Aggregates, not parameter lists: one query however many sessions there are.
        answered = select(events.c.session).where(
            cur, events.c.session.is_not(None),
            events.c.type.in_(("search_click", "article_view", "scenario_step"))
        ).distinct().subquery()
        handed_off = select(events.c.session).where(
            cur, events.c.type.in_(("handoff", "contact")), events.c.session.is_not(None)
        ).distinct().subquery()
        total, handed = conn.execute(select(
            func.count(answered.c.session), func.count(handed_off.c.session)
        ).select_from(answered.outerjoin(handed_off,
                                         handed_off.c.session == answered.c.session))).one()
        if total:
            stats.self_service = 1 - handed / total
    return stats


def _funnel(steps: list, handoffs: dict[str, dt.datetime]) -> dict[str, tuple[int, int, int]]:
    """Per scenario node (label path and its prefixes): sessions reached / left / handed off."""
    reached: dict[str, set[str]] = {}
    handed: dict[str, set[str]] = {}
    last: dict[str, str] = {}
    for session, path, ts in steps:
        if not path:
            continue
        labels = path.split(" > ")
        for depth in range(1, len(labels) + 1):
            node = " > ".join(labels[:depth])
            reached.setdefault(node, set()).add(session)
            if session in handoffs and handoffs[session] >= ts:
                handed.setdefault(node, set()).add(session)
        last[session] = path
    left: dict[str, int] = {}
    for session, path in last.items():
        if session not in handoffs:
            left[path] = left.get(path, 0) + 1
    return {node: (len(sessions), left.get(node, 0), len(handed.get(node, ())))
            for node, sessions in sorted(reached.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


def needs_work(content: Content, stats: PeriodStats, *, today: dt.date | None = None
               ) -> list[tuple[str, Text]]:
    """(article id, why): low helpful % with at least 3 votes, or not updated in 180 days."""
    today = today or dt.date.today()
    found = []
    for aid, (yes, votes) in sorted(stats.helpful.items()):
        if votes >= 3 and yes / votes < 0.5:
            found.append((aid, t("work_helpful", yes=yes, votes=votes)))
    for article in content.published():
        if article.updated and (today - article.updated).days > STALE_DAYS:
            found.append((article.id, t("work_stale", date=article.updated.isoformat())))
    return found
