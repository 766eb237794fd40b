"""The CS report (주간/월간 CS 리포트) for the whole company.

`render_report` turns a period's statistics (`kb.insights.periods`) plus the write-next
queue into Markdown or HTML (escaped); `report` gathers both.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from sqlalchemy import Engine

from kb.content.tree import Content
from kb.insights.gaps import Gap, gaps
from kb.insights.periods import PeriodStats, needs_work, period_stats


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
