"""KakaoTalk commands: `kb export kakao-faq`, the channel's chat-room menu from the statistics."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import click

from kb.core.catalogue import message
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


@main.group()
def export() -> None:
    """Export data for other tools (the KakaoTalk channel's menu)."""


@export.command("kakao-faq")
@click.option("--period", type=PERIOD, default="month", show_default=True)
@UNTIL
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@click.option("--dry-run", is_flag=True, help="Show the list; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@content_option
@instance_option
@LANG
@edge
def kakao_faq(period: str, until: dt.datetime | None, out: Path | None, dry_run: bool, fmt: str,
              content: Path, instance: Path, lang: str) -> None:
    """The 10 most asked questions that have articles, as KakaoTalk menu buttons (label ≤ 14
    characters, the article's address), to paste into the channel's admin."""
    from chatbot.kakao_faq import menu
    from kb.insights.gaps import gaps

    loaded = load_or_fail(content, lang)
    chosen = chosen_period(period, until, content)
    asked = gaps(engine(instance), chosen, matcher=matcher(instance), synonyms=synonyms(content))
    items = menu(asked, {a.id: a.title for a in loaded.published()}, loaded.site.base_url)
    if dry_run or not items:
        say(lang, "cli_period", label=chosen.label, dates=chosen.dates)
        if not items:
            say(lang, "kakao_faq_none", label=chosen.label)
        for item in items:
            say(lang, "kakao_faq_line", rank=item.rank, label=item.label, url=item.url,
                count=item.count)
        if dry_run or out is None:
            return
    if fmt == "json":
        text = json.dumps({"period": chosen.as_dict(), "items": [i.as_dict() for i in items]},
                          ensure_ascii=False, indent=2) + "\n"
    else:
        text = _csv([message("kakao_faq_columns", lang).split(","),
                     *([i.rank, i.label, i.question, i.article, i.url, i.count] for i in items)])
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, "utf-8")
    say(lang, "kakao_faq_wrote", path=out, n=len(items))


def _csv(rows: list) -> str:
    """CSV text, every cell safe to open in a spreadsheet (customer wording included)."""
    from kbsite.csvout import cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()
