"""The CS report (주간/월간 CS 리포트) for the whole company.

`render_report` turns a period's statistics (`kb.insights.periods`) plus the write-next
queue into Markdown or HTML (escaped), headings and words from the catalogue in Korean or
English; `report` gathers both.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from sqlalchemy import Engine

from kb.content.tree import Content
from kb.core.catalogue import Text, t
from kb.insights.calendar import Period, change
from kb.insights.gaps import Gap, gaps
from kb.insights.periods import PeriodStats, needs_work, period_stats
from kb.insights.tasks import linked_groups


def _trend(now: int, before: int, lang: str) -> str:
    """`+25%`; `new` when there was none before; `+3` (no percentage) under 10 before."""
    if not before:
        return t("report_trend_new").get(lang) if now else "–"
    relative = change(now, before)
    return f"{relative:+.0%}" if relative is not None else f"{now - before:+d}"


# Each section: its heading and column codes (the rows come from `_rows`).
SECTIONS = (
    ("report_volume", ("kind", "now", "before", "trend")),
    ("report_types", ("tag", "count")),
    ("report_write_next", ("question", "count", "trend", "lane", "sources")),
    ("report_failed", ("query", "count")),
    ("report_work", ("article", "why")),
    ("report_funnel", ("path", "reached", "left", "handed")),
    ("report_hot_spots", ("path", "handoffs")),
)


def _rows(stats: PeriodStats, queue: list[Gap], work: list[tuple[str, Text]],
          lang: str) -> list[list[list[str]]]:
    """The rows of each section, in `SECTIONS` order."""
    untagged = t("report_untagged").get(lang)
    return [
        [[k, str(a), str(b), _trend(a, b, lang)] for k, (a, b) in sorted(stats.counts.items())],
        [[tag or untagged, str(n)] for tag, n in stats.inquiries_by_tag],
        [[g.question, str(g.count), _trend(g.count, g.previous, lang),
          t(f"lane_{g.lane}").get(lang), g.sources_text(lang)] for g in queue],
        [[q or "", str(n)] for q, n in stats.failed_searches],
        [[a, why.get(lang)] for a, why in work],
        [[node, str(a), str(b), str(c)] for node, (a, b, c) in list(stats.funnel.items())[:15]],
        [[p or "", str(n)] for p, n in stats.handoff_paths],
    ]


def render_report(stats: PeriodStats, queue: list[Gap], work: list[tuple[str, Text]],
                  fmt: str = "md", site_name: str = "", lang: str = "ko") -> str:
    """The CS report as Markdown or (escaped) HTML, in `lang`."""
    esc: Callable[[object], str] = (lambda v: html.escape(str(v))) if fmt == "html" else str
    period = stats.period
    title = t("report_title", site=site_name, period=period.label, start=period.start,
              end=period.last_day).get(lang)
    sections = [(t(heading).get(lang), rows, [t(f"report_col_{c}").get(lang) for c in cols])
                for (heading, cols), rows in zip(SECTIONS, _rows(stats, queue, work, lang),
                                                 strict=True)]
    rate = f"{stats.self_service:.0%}" if stats.self_service is not None else "–"
    summary = t("report_self_service", rate=rate).get(lang)
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


def report(engine: Engine, content: Content, period: Period, fmt: str, *,
           matcher: Callable[[str], str | None] | None = None, lang: str = "ko") -> str:
    """The report for `period`, gathered from the store and the content."""
    stats = period_stats(engine, period)
    queue = gaps(engine, period, matcher=matcher, synonyms=content.synonyms, limit=10,
                 tasks=linked_groups(engine))
    return render_report(stats, queue, needs_work(content, stats), fmt,
                         content.site.title(lang), lang)


__all__ = ["PeriodStats", "needs_work", "period_stats", "render_report", "report"]
