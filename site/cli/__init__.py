"""The `kb` command: thin click wrappers around library functions.

| module | what |
|---|---|
| `content` | `check`, `index`, `search`, `build`, `serve` |
| `insights` | `import inquiries` and `sales`, `gaps`, `stats`, `report`, `new-article`, `prune` |
| `accounts` | `user add` |
| `kakao` | `export kakao-faq`: the KakaoTalk channel's menu of most asked questions |
| `suggest` | `suggest questions`: wordings learned from customers' clicks; `--write` |
| `proposers` | `task proposer`, `task notify` (e-mail over KB_SMTP_URL) |
| `messages` | the command's own lines in the catalogue |

Every line a command prints is a catalogue message in the language of `--lang` / KB_LANG
(Korean by default). A domain problem (`kb.errors.KbError`) ends a command at one edge,
`edge`: printed in that language, exiting with the error's exit code. Heavy machinery
(Flask, Whoosh, Kiwi) is imported inside the commands that need it, so `kb check` starts fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from kb.content.tree import Content, load_content
from kb.core.catalogue import LANGS, Text, message
from kb.errors import KbError
from kbsite.cli import messages as _messages  # noqa: F401 - registers the command's lines
from kbsite.kinds import KINDS

LANG = click.option("--lang", type=click.Choice(LANGS), envvar="KB_LANG", default="ko",
                    show_default=True, help="Language of messages (KB_LANG).")


def content_option(func):  # noqa: ANN001, ANN201
    """`--content DIR` (or KB_CONTENT), shared by every command."""
    return click.option(
        "--content", "content", type=click.Path(file_okay=False, path_type=Path),
        envvar="KB_CONTENT", default="content", show_default=True,
        help="Content folder (KB_CONTENT).")(func)


def instance_option(func):  # noqa: ANN001, ANN201
    """`--instance DIR` (or KB_INSTANCE): where the index and database live."""
    return click.option(
        "--instance", "instance", type=click.Path(file_okay=False, path_type=Path),
        envvar="KB_INSTANCE", default="instance", show_default=True,
        help="Runtime data folder (KB_INSTANCE).")(func)


def chosen_lang(lang: str | None) -> str:
    """The language of messages: the command's `--lang`, else KB_LANG, else Korean."""
    lang = lang or os.environ.get("KB_LANG") or "ko"
    return lang if lang in LANGS else "ko"


class Failure(click.ClickException):
    """A problem reported in the chosen language (`오류: …` / `Error: …`)."""

    def __init__(self, text: Text, lang: str, exit_code: int = 1) -> None:
        super().__init__(text.get(lang))
        self.lang = lang
        self.exit_code = exit_code  # type: ignore[misc] - click's is a class default

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(message("cli_error", self.lang, message=self.format_message()),
                   file=file, err=file is None)


def edge(func: Callable[..., Any]) -> Callable[..., Any]:
    """The command's one edge: a `KbError` becomes a `Failure` in the chosen language."""

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KbError as exc:
            raise Failure(exc.message, chosen_lang(kwargs.get("lang")), exc.exit_code) from exc

    return wrapped


def say(lang: str, code: str, *, err: bool = False, **params: object) -> None:
    """Print the catalogue message `code` in `lang`."""
    click.echo(message(code, lang, **params), err=err)


def engine(instance: Path) -> Any:
    """The store under `--instance` (or KB_DATABASE_URL); SQLAlchemy loads only when used."""
    from kb.db import connect, database_url

    return connect(database_url(instance))


PERIOD = click.Choice(["week", "month", "quarter", "half", "year"])
DATE = click.DateTime(["%Y-%m-%d"])
UNTIL = click.option("--until", type=DATE, default=None,
                     help="The period before this day (e.g. --period month --until "
                          "2026-11-01 is October 2026); default: the current period so far.")


def chosen_period(kind: str, until: dt.datetime | None, content: Path) -> Any:
    """The calendar period in the site's time zone: the one before `--until`, else the
    current one so far."""
    from kb.content.settings import load_site
    from kb.core.problems import Report
    from kb.insights import calendar

    tz = load_site(content, Report())[0].timezone
    if until is not None:
        return calendar.until(kind, until.date(), tz)
    return calendar.current(kind, tz=tz)


def synonyms(content: Path) -> tuple[tuple[str, ...], ...]:
    """The content's synonym groups (for grouping questions)."""
    from kb.content.settings import load_synonyms
    from kb.core.problems import Report

    return load_synonyms(content, Report())


def matcher(instance: Path) -> Callable[[str], str | None]:
    """The article that clearly answers a question, if there is a search index."""
    from kb.search import IndexMissing, SearchIndex

    index = SearchIndex(instance / "index")

    def best(question: str) -> str | None:
        try:
            hit = index.answer(question)
        except IndexMissing:
            return None
        return hit.id if hit else None

    return best


def load_or_fail(content: Path, lang: str) -> Content:
    """The content tree, its errors printed (those files are left out); no folder → error."""
    loaded = load_content(content, kinds=KINDS)
    if not loaded.root.is_dir():
        raise KbError("cli_content_missing", path=content)
    for problem in loaded.errors:
        click.echo(problem.format(lang), err=True)
    return loaded


@click.group()
@click.version_option(package_name="answerloop")
def main() -> None:
    """Answerloop: a help center and scenario chatbot from Markdown and YAML."""


# Each module adds its commands to `main` (like a Flask app's views), so they come last.
from kbsite.cli import accounts as _accounts  # noqa: E402, F401
from kbsite.cli import content as _content  # noqa: E402, F401
from kbsite.cli import insights as _insights  # noqa: E402, F401
from kbsite.cli import kakao as _kakao  # noqa: E402, F401
from kbsite.cli import proposers as _proposers  # noqa: E402, F401
from kbsite.cli import suggest as _suggest  # noqa: E402, F401
from kbsite.cli import tasks as _tasks  # noqa: E402, F401
