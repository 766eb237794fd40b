"""Improvement task commands: `kb task new|move|list|show` (proposers and notification live
in `kbsite.cli.proposers`) and `kb review`, the weekly meeting's agenda."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from kb.core.catalogue import message
from kbsite.cli import (
    DATE,
    LANG,
    PERIOD,
    UNTIL,
    chosen_period,
    content_option,
    edge,
    engine,
    instance_option,
    main,
    matcher,
    say,
)


@main.group()
def task() -> None:
    """Improvement tasks (개선과제): from question groups to tracked work for other teams."""


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _by(by: str | None) -> str | None:
    return by or os.environ.get("USER") or None


@task.command("new")
@click.argument("title")
@click.option("--from-gap", "keys", multiple=True, metavar="KEY",
              help="A question group key (from kb gaps); repeat for several.")
@click.option("--tag", "tags", multiple=True, help="A tag (the sheet's 구분); repeatable.")
@click.option("--article", "articles", multiple=True, help="An article id; repeatable.")
@click.option("--owner", default=None, help="The team or person who builds it.")
@click.option("--theme", default=None)
@click.option("--description", default="")
@click.option("--by", default=None, help="Who records it (default: $USER).")
@click.option("--json", "as_json", is_flag=True)
@instance_option
@LANG
@edge
def task_new(title: str, keys: tuple[str, ...], tags: tuple[str, ...],
             articles: tuple[str, ...], owner: str | None, theme: str | None,
             description: str, by: str | None, as_json: bool, instance: Path,
             lang: str) -> None:
    """A new task in 과제선정 (selected), linked to its evidence; prints its id."""
    from kb.insights import tasks

    made = tasks.create(engine(instance), title, groups=keys, tags=tags, articles=articles,
                        owner=owner, theme=theme, description=description, by=_by(by))
    if as_json:
        _echo_json(made.as_dict())
    else:
        click.echo(made.id)


@task.command("move")
@click.argument("task_id", type=int)
@click.argument("to")
@click.option("--reason", default=None, help="Why (required for 기각 / rejected).")
@click.option("--revisit", type=DATE, default=None,
              help="When to look again, YYYY-MM-DD (required for 기각; past dates allowed).")
@click.option("--no-proposers", is_flag=True,
              help="Move to 피드백완료 although nobody asked to hear back (recorded).")
@click.option("--by", default=None, help="Who moves it (default: $USER).")
@instance_option
@LANG
@edge
def task_move(task_id: int, to: str, reason: str | None, revisit: dt.datetime | None,
              no_proposers: bool, by: str | None, instance: Path, lang: str) -> None:
    """Move a task: 과제선정 → 반영예정 → 반영완료 → 피드백완료, or → 기각 (and back)."""
    from kb.insights import tasks

    moved = tasks.move(engine(instance), task_id, to, reason=reason,
                       revisit=revisit.date() if revisit else None, by=_by(by),
                       no_proposers=no_proposers)
    say(lang, "cli_task_moved", id=moved.id, status=_status(moved.status, lang),
        count=moved.history[-1].count)
    hook = os.environ.get("KB_TASK_WEBHOOK")
    if hook:  # tell the team's channel; a dead hook never undoes the move
        from kb.insights.notify import post_webhook

        if not post_webhook(hook, moved, moved.history[-1], lang=lang):
            say(lang, "cli_webhook_failed", err=True)


def _status(status: str, lang: str) -> str:
    return message(f"task_state_{status}", lang)


@task.command("list")
@click.option("--status", default=None, help="Only this state (Korean or English name).")
@click.option("--period", type=PERIOD, default="month", show_default=True)
@UNTIL
@click.option("--json", "as_json", is_flag=True)
@content_option
@instance_option
@LANG
@edge
def task_list(status: str | None, period: str, until: dt.datetime | None, as_json: bool,
              content: Path, instance: Path, lang: str) -> None:
    """Tasks with their live counts: this period, the one before, since the last move."""
    from kb.insights import tasks
    store = engine(instance)
    chosen = chosen_period(period, until, content)
    found = tasks.load(store, statuses=[tasks.state(status)] if status else None)
    numbers = tasks.live(store, found, chosen)
    rows = [{**t.as_dict(), **numbers[t.id].as_dict(),
             "due": tasks.due(t, numbers[t.id], chosen.last_day)} for t in found]
    if as_json:
        _echo_json([{k: v for k, v in r.items() if k != "history"} for r in rows])
        return
    say(lang, "cli_period", label=chosen.label, dates=chosen.dates)
    if not rows:
        say(lang, "cli_no_tasks")
    for row in rows:
        say(lang, "cli_task_row", id=row["id"], status=_status(row["status"], lang),
            title=row["title"], count=row["count"], previous=row["previous"],
            since=row["since_change"], owner=row["owner"] or "-")


@task.command("show")
@click.argument("task_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@instance_option
@LANG
@edge
def task_show(task_id: int, as_json: bool, instance: Path, lang: str) -> None:
    """One task with its evidence and history."""
    from kb.insights import tasks

    found = tasks.get(engine(instance), task_id)
    if as_json:
        _echo_json(found.as_dict())
        return
    data = found.as_dict()
    say(lang, "cli_task_head", id=found.id, status=_status(found.status, lang),
        title=found.title, owner=found.owner or "-")
    say(lang, "cli_task_evidence", groups=", ".join(data["groups"]) or "-",
        tags=", ".join(data["tags"]) or "-", articles=", ".join(data["articles"]) or "-")
    for move in found.history:
        say(lang, "cli_task_history", at=move.at.strftime("%Y-%m-%d %H:%M"), by=move.by or "-",
            frm=_status(move.from_status, lang) if move.from_status else "-",
            to=_status(move.to_status, lang), count=move.count,
            why=" — " + move.reason if move.reason else "")


@main.command()
@click.option("--period", type=click.Choice(["week", "month", "quarter"]), default="week",
              show_default=True)
@UNTIL
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True)
@content_option
@instance_option
@LANG
@edge
def review(period: str, until: dt.datetime | None, fmt: str, content: Path, instance: Path,
           lang: str) -> None:
    """The weekly review's agenda: new and rising questions by lane, tasks by state with
    their change in count, rejected tasks due again, articles needing work, files changed."""
    from kb.insights.review import agenda, render
    from kbsite.cli import load_or_fail

    loaded = load_or_fail(content, lang)
    found = agenda(engine(instance), loaded, chosen_period(period, until, content),
                   matcher=matcher(instance), lang=lang)
    click.echo(render(found, fmt, lang, loaded.site.title(lang)), nl=False)
