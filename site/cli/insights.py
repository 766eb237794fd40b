"""Insights commands: `kb import inquiries`, `kb import sales`, `kb gaps`, `kb stats`, `kb report`,
`kb new-article`, `kb prune`."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from kb.core.catalogue import message
from kb.errors import KbError
from kbsite.cli import (
    LANG,
    PERIOD,
    UNTIL,
    chosen_period,
    content_option,
    edge,
    engine,
    instance_option,
    load_or_fail,
    main,
    matcher,
    say,
    synonyms,
)


@main.group("import")
def import_() -> None:
    """Import data from outside (consultation sheets, sales)."""


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
    store = engine(instance)
    if not sys.stderr.isatty():  # piped or logged: the result lines only
        result = import_sheet(store, file, tags=tags, mapping=mapping)
    else:  # a bar on the terminal: bytes read of the file
        with click.progressbar(length=file.stat().st_size, file=sys.stderr, show_eta=True,
                               label=message("cli_importing", lang), width=30) as bar:
            def progress(read: int, size: int) -> None:
                bar.update(min(read, size) - bar.pos)

            result = import_sheet(store, file, tags=tags, mapping=mapping, progress=progress)
    for line in [e.message for e in result.errors] + result.notes():
        click.echo(f"{file}: {line.get(lang)}", err=True)
    click.echo(result.summary().get(lang))
    if result.failed:  # exit 1 when no row was usable; some bad rows alone are listed
        raise KbError("import_nothing")


@import_.command("sales")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Map a column to date, product, product_group, orders, amount.")
@instance_option
@LANG
@edge
def import_sales(file: Path, maps: tuple[str, ...], instance: Path, lang: str) -> None:
    """Import a sales file: orders per product and day (CSV, UTF-8 or CP949)."""
    from kb.insights.sales import import_sales as load

    result = load(engine(instance), file, mapping=dict(m.split("=", 1) for m in maps if "=" in m))
    for problem in result.errors:
        click.echo(f"{file}: {problem.text(lang)}", err=True)
    click.echo(result.summary().get(lang))
    if result.failed:
        raise KbError("import_nothing")


@main.command()
@click.option("--period", type=PERIOD, default="month", show_default=True)
@UNTIL
@click.option("--lane", type=click.Choice(["write", "improve", "task"]), default=None,
              help="Only this lane.")
@click.option("--limit", default=None, type=click.IntRange(1, 100_000),
              help="At most this many groups (default: every group of the period).")
@click.option("--json", "as_json", is_flag=True)
@content_option
@instance_option
@LANG
@edge
def gaps(period: str, until: dt.datetime | None, lane: str | None, limit: int | None,
         as_json: bool, content: Path, instance: Path, lang: str) -> None:
    """Every question customers asked in the period, grouped, in lanes (write, improve, task)."""
    import json

    from kb.insights.gaps import gaps as find_gaps
    from kb.insights.tasks import linked_groups

    chosen = chosen_period(period, until, content)
    store = engine(instance)
    found = find_gaps(store, chosen, matcher=matcher(instance), synonyms=synonyms(content),
                      tasks=linked_groups(store), lane=lane, limit=limit)
    if as_json:
        click.echo(json.dumps({"period": chosen.as_dict(), "gaps": [g.as_dict() for g in found]},
                              ensure_ascii=False, indent=2))
        return
    say(lang, "cli_period", label=chosen.label, dates=chosen.dates)
    if not found:
        say(lang, "cli_no_gaps")
    for rank, gap in enumerate(found, start=1):
        best = message("cli_gap_best", lang, article=gap.article) if gap.article else ""
        click.echo(message("cli_gap", lang, rank=rank, key=gap.key, question=gap.question,
                           count=gap.count, trend=gap.trend, coverage=gap.coverage,
                           lane=message(f"lane_{gap.lane}", lang),
                           sources=gap.sources_text(lang)) + best)


@main.group()
def groups() -> None:
    """Correct question groups: merge groups, split a wording out (kept in the database)."""


@groups.command("merge")
@click.argument("keys", nargs=-1, required=True)
@instance_option
@LANG
@edge
def groups_merge(keys: tuple[str, ...], instance: Path, lang: str) -> None:
    """Merge groups into the first KEY; later asks of any of them count for it."""
    from kb.insights.groups import merge

    say(lang, "cli_merged", key=merge(engine(instance), list(keys)), n=len(keys) - 1)


@groups.command("split")
@click.argument("key")
@click.argument("wording")
@instance_option
@LANG
@edge
def groups_split(key: str, wording: str, instance: Path, lang: str) -> None:
    """Move WORDING (exactly as asked) out of group KEY into a group of its own."""
    from kb.insights.groups import split

    say(lang, "cli_split", wording=wording, key=split(engine(instance), key, wording,
                                                      by=os.environ.get("USER")))


@main.command()
@click.option("--period", type=PERIOD, default="week", show_default=True)
@UNTIL
@click.option("--json", "as_json", is_flag=True)
@content_option
@instance_option
@LANG
@edge
def stats(period: str, until: dt.datetime | None, as_json: bool, content: Path,
          instance: Path, lang: str) -> None:
    """Counts for the period against the previous one (events, sheets, votes, hand-offs)."""
    import json

    from kb.insights.periods import period_stats

    found = period_stats(engine(instance), chosen_period(period, until, content))
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    say(lang, "cli_period", label=found.period.label, dates=found.period.dates)
    for kind, (now, before) in sorted(found.counts.items()):
        say(lang, "cli_stats_count", kind=kind, now=now, before=before)
    if found.self_service is not None:
        say(lang, "cli_stats_self_service", rate=found.self_service)


@main.command()
@click.option("--period", type=PERIOD, default="week", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True)
@UNTIL
@content_option
@instance_option
@LANG
@edge
def report(period: str, fmt: str, until: dt.datetime | None, content: Path, instance: Path,
           lang: str) -> None:
    """The CS report: sales and inquiries against them, product groups and products with
    returns, inquiry types, channels, results, risk types, praise, questions by lane, tasks,
    articles needing work (--format html: one file to print or mail; json: every number)."""
    from kb.insights.report import report as make_report

    loaded = load_or_fail(content, lang)
    click.echo(make_report(engine(instance), loaded, chosen_period(period, until, content), fmt,
                           matcher=matcher(instance), lang=lang), nl=False)


@main.command("new-article")
@click.option("--from-gap", "key", required=True, metavar="KEY",
              help="A group key from kb gaps (it never changes).")
@click.option("--period", type=PERIOD, default="month", show_default=True)
@UNTIL
@content_option
@instance_option
@LANG
@edge
def new_article(key: str, period: str, until: dt.datetime | None, content: Path,
                instance: Path, lang: str) -> None:
    """Write a draft article for group KEY, its questions taken from how customers asked."""
    from kb.insights.drafts import write_stub
    from kb.insights.gaps import find

    found = find(engine(instance), chosen_period(period, until, content), key,
                 synonyms=synonyms(content))
    if found is None:
        raise KbError("cli_gap_not_asked", key=key)
    say(lang, "cli_wrote", path=write_stub(content, found))


@main.command()
@instance_option
@click.option("--days", type=int, default=None, help="Keep this many days (KB_RETENTION_DAYS).")
@LANG
@edge
def prune(instance: Path, days: int | None, lang: str) -> None:
    """Delete events older than the retention setting, and addresses and contact messages
    kept past theirs (one year)."""
    from kb.db import prune as prune_events
    from kb.insights import contacts, followups, tasks

    days = days or int(os.environ.get("KB_RETENTION_DAYS", "730"))
    store = engine(instance)
    say(lang, "cli_pruned", n=prune_events(store, days), days=days)
    gone = followups.forget(store) + tasks.forget_addresses(store, followups.RETENTION_DAYS)
    say(lang, "cli_addresses_forgotten", n=gone, days=followups.RETENTION_DAYS)
    say(lang, "cli_contacts_forgotten", n=contacts.forget(store), days=contacts.RETENTION_DAYS)
