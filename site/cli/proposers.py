"""Proposer commands: `kb task proposer` (someone who asked to hear back) and `kb task notify`
(one e-mail each over KB_SMTP_URL, from KB_MAIL_FROM)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from kb.core.catalogue import LANGS, Text, t
from kbsite.cli import LANG, Failure, content_option, edge, engine, instance_option, say
from kbsite.cli.tasks import task


@task.command("proposer")
@click.argument("task_id", type=int)
@click.option("--email", required=True, help="Where to send the outcome (deleted once sent).")
@click.option("--name", default=None)
@click.option("--lang", "lang_of_proposer", type=click.Choice(LANGS), default="ko",
              show_default=True,
              help="The language the proposer wrote in (their e-mail's language); this "
                   "command's own lines follow KB_LANG.")
@instance_option
@edge
def task_proposer(task_id: int, email: str, name: str | None, lang_of_proposer: str,
                  instance: Path) -> None:
    """Add someone who asked to hear back when task TASK_ID is settled."""
    from kb.insights import tasks
    from kbsite.cli import chosen_lang

    added = tasks.add_proposer(engine(instance), task_id, email, name=name,
                               lang=lang_of_proposer)
    say(chosen_lang(None), "cli_proposer_added", id=task_id, pid=added.id,
        lang_of=lang_of_proposer)


def _site(content: Path) -> tuple[Text, str]:
    """The site's name (Korean, English) and its host, from site.yaml."""
    from kb.content.settings import load_site
    from kb.core.problems import Report

    site = load_site(content, Report())[0]
    return Text(site.name, site.name_en or site.name), urlsplit(site.base_url).hostname or ""


@task.command("notify")
@click.argument("task_id", type=int)
@click.option("--dry-run", is_flag=True, help="Count the recipients; send nothing.")
@content_option
@instance_option
@LANG
@edge
def task_notify(task_id: int, dry_run: bool, content: Path, instance: Path, lang: str) -> None:
    """E-mail each proposer of TASK_ID not yet told the task's outcome (KB_SMTP_URL,
    KB_MAIL_FROM); failures are listed and a rerun sends only to them."""
    from kb.insights.notify import notify

    name, host = _site(content)
    sender = os.environ.get("KB_MAIL_FROM") or f"help@{host or 'localhost'}"
    result = notify(engine(instance), task_id, smtp_url=os.environ.get("KB_SMTP_URL"),
                    sender=sender, site_name=name, dry_run=dry_run)
    if dry_run:
        say(lang, "cli_notify_dry_run", n=result.waiting, already=result.already)
        return
    for pid, reason in result.failed:
        say(lang, "cli_notify_failed", err=True, address=result.addresses[pid], reason=reason)
    say(lang, "cli_notify_summary", sent=result.sent, failed=len(result.failed),
        already=result.already)
    if result.unreachable:
        say(lang, "cli_notify_unreachable", n=result.unreachable, err=True)
    if result.failed:
        raise Failure(t("cli_notify_retry", n=len(result.failed), id=task_id), lang)
