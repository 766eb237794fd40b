"""`kb suggest questions`: the wordings customers use for each article, learned from what they
clicked after searching (`kb.insights.learned`), and `--write` to put them in `questions:`."""

from __future__ import annotations

import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from kb.errors import KbError
from kbsite.cli import LANG, content_option, edge, engine, instance_option, load_or_fail, main, say


@main.group()
def suggest() -> None:
    """Suggestions learned from customers' searches and clicks."""


def changed_files(folder: Path) -> list[str] | None:
    """Uncommitted changes (untracked files too) under `folder`; None when it is not in a git
    work tree (or git is missing)."""
    try:
        inside = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, check=False)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return None
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain=v1", "-z",
                                 "--untracked-files=all", "--", "."],
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return sorted(entry[3:] for entry in status.stdout.split("\0") if len(entry) > 3)


# kb.insights.learned.MIN_SESSIONS and DAYS, spelled out: importing it costs every `kb`
# command ~0.5 s (SQLAlchemy, YAML); tests/test_suggest_cli.py checks they agree.
@suggest.command("questions")
@click.option("--min-sessions", type=click.IntRange(1, 1_000_000), default=3, show_default=True,
              help="A wording needs this many distinct sessions.")
@click.option("--days", type=click.IntRange(1, 3650), default=180, show_default=True,
              help="Learn from the events of this many days.")
@click.option("--write", is_flag=True,
              help="Add the wordings to the articles' questions: front matter (a git diff).")
@click.option("--force", is_flag=True, help="With --write: write even if the content folder "
                                             "has uncommitted changes.")
@content_option
@instance_option
@LANG
@edge
def suggest_questions(min_sessions: int, days: int, write: bool, force: bool, content: Path,
                      instance: Path, lang: str) -> None:
    """Wordings customers search with before opening an article, per article."""
    from kb.insights.learned import learn

    loaded = load_or_fail(content, lang)
    articles = {a.id: a for a in loaded.published()}
    learning = learn(engine(instance), min_sessions=min_sessions, days=days,
                     known={i: (a.title, *a.questions) for i, a in articles.items()})
    zone = ZoneInfo(loaded.site.timezone)
    for article_id, items in learning.by_article():
        say(lang, "learned_article", article=article_id, path=articles[article_id].path)
        for item in items:
            say(lang, "learned_row", sessions=item.sessions, wording=item.wording,
                last=item.last_seen.astimezone(zone).date().isoformat())
    if learning.items:
        say(lang, "learned_total", n=len(learning.items), articles=len(learning.by_article()),
            min=min_sessions, days=days)
    elif learning.covered:
        say(lang, "learned_nothing_new")
    elif learning.below:
        say(lang, "learned_below", min=min_sessions, below=learning.below)
    else:
        say(lang, "learned_nothing")
    if learning.covered:
        say(lang, "learned_covered", n=learning.covered)
    if learning.filtered:
        say(lang, "learned_filtered", n=learning.filtered)
    if write and learning.items:
        _write(learning, articles, content, force, lang)


def _write(learning, articles: dict, content: Path, force: bool, lang: str) -> None:  # noqa: ANN001
    """Add each article's learned wordings to its file, after checking the git tree."""
    from kb.insights.learned import FrontMatterError, add_questions

    dirty = changed_files(content)
    if dirty is None:
        say(lang, "learned_not_git", path=content, err=True)
    elif dirty and not force:
        shown = ", ".join(dirty[:5]) + (f" … (+{len(dirty) - 5})" if len(dirty) > 5 else "")
        raise KbError("learned_dirty", path=content, files=shown)
    changed = 0
    for article_id, items in learning.by_article():
        article = articles[article_id]
        wordings = [item.wording for item in items]
        try:
            added = add_questions(article.file, wordings)
        except FrontMatterError as exc:
            say(lang, "learned_cannot_edit", path=article.path, reason=exc,
                wordings=", ".join(wordings), err=True)
            continue
        if added:
            changed += 1
            say(lang, "learned_wrote", path=article.path, n=len(added))
    if changed:
        say(lang, "learned_review", n=changed, path=content)
    else:
        say(lang, "learned_nothing_new")
