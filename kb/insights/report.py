"""Period statistics and the CS report (주간/월간 CS 리포트) for the whole company.

`period_stats` counts one period against the previous one; `render_report` turns that
plus the write-next queue into Markdown or HTML (escaped).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, exists, func, or_, select

from kb.content.tree import Content
from kb.db import events, inquiries
from kb.insights.gaps import PERIODS, Gap, gaps

STALE_DAYS = 180


@dataclass
class PeriodStats:
    period: str
    start: dt.datetime
    end: dt.datetime
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # type → (now, before)
    failed_searches: list[tuple[str, int]] = field(default_factory=list)
    views_by_source: dict[str, int] = field(default_factory=dict)
    helpful: dict[str, tuple[int, int]] = field(default_factory=dict)  # article → (yes, votes)
    handoff_paths: list[tuple[str, int]] = field(default_factory=list)
    inquiries_by_tag: list[tuple[str, int]] = field(default_factory=list)
    self_service: float | None = None  # sessions with an answer and no hand-off
    # scenario funnel: label path → (sessions that reached it, left there, handed off after)
    funnel: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"period": self.period, "start": self.start.isoformat(),
                "end": self.end.isoformat(),
                "counts": {k: {"now": a, "before": b} for k, (a, b) in self.counts.items()},
                "failed_searches": self.failed_searches, "views_by_source": self.views_by_source,
                "helpful": {k: {"yes": a, "votes": b} for k, (a, b) in self.helpful.items()},
                "handoff_paths": self.handoff_paths, "inquiries_by_tag": self.inquiries_by_tag,
                "self_service": self.self_service,
                "funnel": {k: {"reached": a, "left": b, "handed_off": c}
                           for k, (a, b, c) in self.funnel.items()}}


def period_stats(engine: Engine, period: str = "week", *,
                 now: dt.datetime | None = None) -> PeriodStats:
    days = PERIODS[period]
    end = now or dt.datetime.now(dt.UTC)
    start = end - dt.timedelta(days=days)
    before = start - dt.timedelta(days=days)
    stats = PeriodStats(period, start, end)
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
            .group_by(events.c.query).order_by(func.count().desc()).limit(10))]
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
                handed_after).group_by(events.c.path).order_by(func.count().desc()).limit(10))]
        stats.inquiries_by_tag = [(r[0] or "(미분류)", r[1]) for r in conn.execute(
            select(inquiries.c.tag, func.count()).where(inquiries.c.ts >= start,
                                                        inquiries.c.ts < end)
            .group_by(inquiries.c.tag).order_by(func.count().desc()))]
        steps = conn.execute(select(events.c.session, events.c.path, events.c.ts).where(
            cur, events.c.type == "scenario_step", events.c.session.is_not(None))
            .order_by(events.c.session, events.c.ts)).all()
        handoffs: dict[str, dt.datetime] = {}
        for r in conn.execute(select(events.c.session, func.min(events.c.ts)).where(
                cur, events.c.type.in_(("handoff", "contact")),
                events.c.session.is_not(None)).group_by(events.c.session)):
            handoffs[r[0]] = r[1]
        stats.funnel = _funnel(steps, handoffs)
        answered = select(events.c.session).where(
            cur, events.c.session.is_not(None),
            events.c.type.in_(("search_click", "article_view", "scenario_step"))).distinct()
        answered_sessions = [r[0] for r in conn.execute(answered)]
        if answered_sessions:
            handed = {r[0] for r in conn.execute(select(events.c.session).where(
                cur, events.c.type.in_(("handoff", "contact")),
                events.c.session.in_(answered_sessions)).distinct())}
            stats.self_service = 1 - len(handed) / len(answered_sessions)
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
            for node, sessions in sorted(reached.items(), key=lambda kv: -len(kv[1]))}


def needs_work(content: Content, stats: PeriodStats, *, today: dt.date | None = None
               ) -> list[tuple[str, str]]:
    """(article id, why): low helpful % with at least 3 votes, or not updated in 180 days."""
    today = today or dt.date.today()
    found = []
    for aid, (yes, votes) in sorted(stats.helpful.items()):
        if votes >= 3 and yes / votes < 0.5:
            found.append((aid, f"helpful {yes}/{votes}"))
    for article in content.published():
        if article.updated and (today - article.updated).days > STALE_DAYS:
            found.append((article.id, f"updated {article.updated.isoformat()}"))
    return found


def _trend(now: int, before: int) -> str:
    if not before:
        return "new" if now else "–"
    return f"{(now - before) / before:+.0%}"


def render_report(stats: PeriodStats, queue: list[Gap], work: list[tuple[str, str]],
                  fmt: str = "md", site_name: str = "") -> str:
    """The CS report as Markdown or (escaped) HTML."""
    esc: Callable[[object], str] = (lambda v: html.escape(str(v))) if fmt == "html" else str
    title = f"{site_name} CS 리포트 — {stats.period} ({stats.start.date()} ~ {stats.end.date()})"
    sections: list[tuple[str, list[list[str]], list[str]]] = []
    volume = [[k, str(a), str(b), _trend(a, b)] for k, (a, b) in sorted(stats.counts.items())]
    sections.append(("문의량과 추이 (Volume and trend)", volume,
                     ["종류", "이번 기간", "이전 기간", "추이"]))
    sections.append(("문의 유형 (Inquiry types, imported sheets)",
                     [[t, str(n)] for t, n in stats.inquiries_by_tag], ["태그", "건수"]))
    sections.append(("많이 묻는데 답이 없는 질문 (Write next)",
                     [[g.question, str(g.count), f"{g.trend:+d}", f"{g.coverage:.0%}",
                       ", ".join(f"{k} {v}" for k, v in g.sources.most_common())]
                      for g in queue], ["질문", "건수", "추이", "해결률", "출처"]))
    sections.append(("검색 실패 (Failed searches)",
                     [[q or "", str(n)] for q, n in stats.failed_searches], ["검색어", "건수"]))
    sections.append(("손봐야 할 문서 (Articles needing work)",
                     [[a, why] for a, why in work], ["문서", "이유"]))
    sections.append(("시나리오 퍼널 (Scenario funnel)",
                     [[node, str(a), str(b), str(c)] for node, (a, b, c) in
                      list(stats.funnel.items())[:15]], ["경로", "도달", "여기서 끝", "상담 연결"]))
    sections.append(("상담원 연결이 많은 시나리오 경로 (Hand-off hot spots)",
                     [[p or "", str(n)] for p, n in stats.handoff_paths], ["경로", "연결"]))
    summary = ("셀프 서비스 비율 (self-service rate): "
               + (f"{stats.self_service:.0%}" if stats.self_service is not None else "–"))
    if fmt == "html":
        out = [f"<!doctype html><meta charset=utf-8><title>{esc(title)}</title>",
               f"<h1>{esc(title)}</h1>", f"<p>{esc(summary)}</p>"]
        for heading, rows, head in sections:
            out.append(f"<h2>{esc(heading)}</h2>")
            if not rows:
                out.append("<p>–</p>")
                continue
            out.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head)
                       + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows]
            out.append("</tbody></table>")
        return "\n".join(out) + "\n"
    out = [f"# {title}", "", summary, ""]
    for heading, rows, head in sections:
        out += [f"## {heading}", ""]
        if not rows:
            out += ["–", ""]
            continue
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        out.append("")
    return "\n".join(out)


def report(engine: Engine, content: Content, period: str, fmt: str, *,
           now: dt.datetime | None = None,
           matcher: Callable[[str], str | None] | None = None) -> str:
    stats = period_stats(engine, period, now=now)
    queue = gaps(engine, period, now=now, limit=10, matcher=matcher)
    return render_report(stats, queue, needs_work(content, stats), fmt,
                         content.site.title(content.site.default_lang))


__all__ = ["PeriodStats", "needs_work", "period_stats", "render_report", "report"]
