"""Insights commands: `kb import inquiries`, `kb gaps`, `kb stats`, `kb report`,
`kb new-article`, `kb prune`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import click

from kb.core.catalogue import message
from kb.errors import KbError
from kbsite.cli import (
    LANG,
    content_option,
    edge,
    engine,
    instance_option,
    load_or_fail,
    main,
    say,
)

PERIOD = click.Choice(["week", "month", "quarter", "half", "year"])


def _matcher(instance: Path) -> Callable[[str], str | None]:
    """Best matching article for a question, if there is a search index."""
    from kb.search import IndexMissing, SearchIndex

    index = SearchIndex(instance / "index")

    def best(question: str) -> str | None:
        try:
            hits = index.search(question, limit=1)
        except IndexMissing:
            return None
        return hits[0].id if hits else None

    return best


def _until(until: dt.datetime | None) -> dt.datetime | None:
    return until.replace(tzinfo=dt.UTC) if until else None


@main.group("import")
def import_() -> None:
    """Import data from outside (consultation sheets)."""


@import_.command("inquiries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Map a sheet column to date, channel, category, question, product, result.")
@content_option
@instance_option
@LANG
@edge
def import_inquiries(file: Path, maps: tuple[str, ...], content: Path, instance: Path,
                     lang: str) -> None:
    """Import a consultation sheet (CSV, UTF-8 or CP949); bad rows are listed, not imported."""
    from kb.content.settings import load_tags
    from kb.core.problems import Report
    from kb.insights.sheets import import_sheet

    mapping = dict(m.split("=", 1) for m in maps if "=" in m)
    tags, _ = load_tags(content, Report())
    result = import_sheet(engine(instance), file, tags=tags, mapping=mapping)
    for line in [e.message for e in result.errors] + result.notes():
        click.echo(f"{file}: {line.get(lang)}", err=True)
    click.echo(result.summary().get(lang))


@main.command()
@click.option("--period", type=PERIOD, default="month", show_default=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="End of the period (default: now), e.g. 2026-11-01.")
@click.option("--json", "as_json", is_flag=True)
@instance_option
@LANG
@edge
def gaps(period: str, limit: int, until: dt.datetime | None, as_json: bool, instance: Path,
         lang: str) -> None:
    """The write-next queue: frequent questions the help center does not answer yet."""
    import json

    from kb.insights.gaps import gaps as find_gaps

    found = find_gaps(engine(instance), period, limit=limit, now=_until(until),
                      matcher=_matcher(instance))
    if as_json:
        click.echo(json.dumps([g.as_dict() for g in found], ensure_ascii=False, indent=2))
        return
    if not found:
        say(lang, "cli_no_gaps")
    for rank, gap in enumerate(found, start=1):
        best = message("cli_gap_best", lang, article=gap.best_article) if gap.best_article else ""
        click.echo(message("cli_gap", lang, rank=rank, question=gap.question, count=gap.count,
                           trend=gap.trend, coverage=gap.coverage,
                           sources=gap.sources_text(lang)) + best)


@main.command()
@click.option("--period", type=PERIOD, default="week", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@instance_option
@LANG
@edge
def stats(period: str, as_json: bool, instance: Path, lang: str) -> None:
    """Counts for the period against the previous one (events, sheets, votes, hand-offs)."""
    import json

    from kb.insights.periods import period_stats

    found = period_stats(engine(instance), period)
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    say(lang, "cli_stats_period", period=period, start=found.start.date(),
        end=found.end.date())
    for kind, (now, before) in sorted(found.counts.items()):
        say(lang, "cli_stats_count", kind=kind, now=now, before=before)
    if found.self_service is not None:
        say(lang, "cli_stats_self_service", rate=found.self_service)


@main.command()
@click.option("--period", type=PERIOD, default="week", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md",
              show_default=True)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="End of the period (default: now).")
@content_option
@instance_option
@LANG
@edge
def report(period: str, fmt: str, until: dt.datetime | None, content: Path, instance: Path,
           lang: str) -> None:
    """The CS report: volume and trend, inquiry types, write-next, failed searches,
    articles needing work, hand-off hot spots."""
    from kb.insights.report import report as make_report

    loaded = load_or_fail(content, lang)
    click.echo(make_report(engine(instance), loaded, period, fmt, now=_until(until),
                           matcher=_matcher(instance), lang=lang), nl=False)


@main.command("new-article")
@click.option("--from-gap", "rank", required=True, type=click.IntRange(1, 500))
@click.option("--period", type=PERIOD, default="month", show_default=True)
@content_option
@instance_option
@LANG
@edge
def new_article(rank: int, period: str, content: Path, instance: Path, lang: str) -> None:
    """Write a draft article for gap N, its questions taken from how customers asked."""
    from kb.insights.drafts import write_stub
    from kb.insights.gaps import gaps as find_gaps

    found = find_gaps(engine(instance), period, limit=rank)
    if len(found) < rank:
        raise KbError("cli_too_few_gaps", n=len(found), period=period)
    say(lang, "cli_wrote", path=write_stub(content, found[rank - 1]))


@main.command()
@instance_option
@click.option("--days", type=int, default=None, help="Keep this many days (KB_RETENTION_DAYS).")
@LANG
@edge
def prune(instance: Path, days: int | None, lang: str) -> None:
    """Delete events older than the retention setting."""
    from kb.db import prune as prune_events

    days = days or int(os.environ.get("KB_RETENTION_DAYS", "730"))
    say(lang, "cli_pruned", n=prune_events(engine(instance), days), days=days)
