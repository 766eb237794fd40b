"""The weekly review's agenda (`kb review`, `/admin/review`): what changed, what to decide.

For one calendar period: new and rising question groups by lane, improvement tasks by state
with the change in their counts, rejected tasks due for re-review, articles needing work,
and the content files changed in the period (the team's "an edit a week" habit). Every list
has a total order. Rendered as Markdown, HTML (escaped) or JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from kb.content.tree import Content
from kb.core.catalogue import t
from kb.insights import tasks as task_store
from kb.insights.calendar import Period
from kb.insights.gaps import LANES, Gap, gaps
from kb.insights.periods import needs_work, period_stats

RISING_FROM = 3  # a group is "rising" when it gained at least this many asks …
RISING_SHARE = 0.5  # … and at least half again its previous count


@dataclass
class Agenda:
    period: Period
    groups: dict[str, list[Gap]] = field(default_factory=dict)  # lane → new and rising
    tasks: list[dict] = field(default_factory=list)  # by state order, then id
    due: list[dict] = field(default_factory=list)  # rejected tasks to look at again
    work: list[tuple[str, str]] = field(default_factory=list)  # (article id, why) in `lang`
    changed_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"period": self.period.as_dict(),
                "groups": {lane: [_group(g) for g in found]
                           for lane, found in self.groups.items()},
                "tasks": self.tasks, "due": self.due,
                "work": [{"article": a, "why": why} for a, why in self.work],
                "changed_files": self.changed_files}


def _group(gap: Gap) -> dict[str, object]:
    return {"key": gap.key, "question": gap.question, "count": gap.count,
            "previous": gap.previous, "lane": gap.lane, "article": gap.article,
            "new": gap.previous == 0}


def rising(gap: Gap) -> bool:
    """New this period, or up by `RISING_FROM` asks and half again."""
    if gap.previous == 0:
        return gap.count > 0
    return gap.trend >= RISING_FROM and gap.trend >= RISING_SHARE * gap.previous


def changed_files(root: Path, period: Period) -> list[str]:
    """Content files modified within the period (by modification time), sorted."""
    if not root.is_dir():
        return []
    start, end = period.start_at.timestamp(), period.end_at.timestamp()
    found = []
    for path in root.rglob("*"):
        try:
            stamp = path.stat().st_mtime
        except OSError:
            continue
        if path.is_file() and start <= stamp < end:
            found.append(path.relative_to(root).as_posix())
    return sorted(found)


def agenda(engine: Engine, content: Content, period: Period, *,
           matcher: Callable[[str], str | None] | None = None, lang: str = "ko",
           now: dt.datetime | None = None) -> Agenda:
    """Everything the weekly meeting looks at, for `period`."""
    linked = task_store.linked_groups(engine)
    found = gaps(engine, period, matcher=matcher, synonyms=content.synonyms, tasks=linked)
    out = Agenda(period)
    out.groups = {lane: [g for g in found if g.lane == lane and rising(g)][:20]
                  for lane in LANES}
    order = {state: n for n, state in enumerate(task_store.STATES)}
    stored = sorted(task_store.load(engine), key=lambda x: (order[x.status], x.id))
    numbers = task_store.live(engine, stored, period, now)
    for item in stored:
        row = {"id": item.id, "title": item.title, "status": item.status,
               "status_ko": item.status_ko, "owner": item.owner,
               "revisit": item.revisit.isoformat() if item.revisit else None,
               **numbers[item.id].as_dict()}
        out.tasks.append(row)
        if task_store.due(item, numbers[item.id], period.last_day):
            out.due.append(row)
    stats = period_stats(engine, period)
    out.work = [(article, why.get(lang)) for article, why in needs_work(
        content, stats, today=period.last_day)]
    out.changed_files = changed_files(content.root, period)
    return out


def render(found: Agenda, fmt: str = "md", lang: str = "ko", site: str = "") -> str:
    """The agenda as Markdown, HTML (escaped) or JSON."""
    if fmt == "json":
        return json.dumps(found.as_dict(), ensure_ascii=False, indent=2) + "\n"
    p = found.period
    title = t("review_title", site=site, period=p.label, dates=p.dates).get(lang)
    sections: list[tuple[str, list[str]]] = []
    for lane, groups in found.groups.items():
        sections.append((t(f"review_lane_{lane}").get(lang), [
            t("review_group", question=g.question, count=g.count, previous=g.previous,
              key=g.key).get(lang) for g in groups]))
    sections.append((t("review_tasks").get(lang), [
        t("review_task", id=r["id"], status=t(f"task_state_{r['status']}").get(lang),
          title=r["title"], count=r["count"], previous=r["previous"],
          since=r["since_change"]).get(lang) for r in found.tasks]))
    sections.append((t("review_due").get(lang), [
        t("review_due_task", id=r["id"], title=r["title"], revisit=r["revisit"] or "-",
          since=r["since_change"], then=r["at_change"]).get(lang) for r in found.due]))
    sections.append((t("report_work").get(lang), [f"{a}: {why}" for a, why in found.work]))
    sections.append((t("review_files").get(lang), found.changed_files))
    if fmt == "html":
        esc = html.escape
        out = [f"<!doctype html><meta charset=utf-8><title>{esc(title)}</title>",
               f"<h1>{esc(title)}</h1>"]
        for heading, lines in sections:
            out.append(f"<h2>{esc(heading)}</h2>")
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>"
                       if lines else "<p>–</p>")
        return "\n".join(out) + "\n"
    out = [f"# {title}", ""]
    for heading, lines in sections:
        out += [f"## {heading}", ""] + ([f"- {x}" for x in lines] or ["–"]) + [""]
    return "\n".join(out)
