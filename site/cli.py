"""The `kb` command: thin click wrappers around library functions."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from kb.content import check as checking
from kbsite.kinds import KINDS

LANG = click.option("--lang", type=click.Choice(["ko", "en"]), envvar="KB_LANG", default="ko",
                    show_default=True, help="Language of messages (KB_LANG).")


def content_option(func):  # noqa: ANN001, ANN201
    """`--content DIR` (or KB_CONTENT), shared by every command."""
    return click.option(
        "--content", "content", type=click.Path(file_okay=False, path_type=Path),
        envvar="KB_CONTENT", default="content", show_default=True,
        help="Content folder (KB_CONTENT).")(func)


@click.group()
@click.version_option(package_name="answerloop")
def main() -> None:
    """Answerloop: a help center and scenario chatbot from Markdown and YAML."""


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@content_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@LANG
def check(directory: Path | None, content: Path, strict: bool, lang: str) -> None:
    """Validate every content file; print each problem as path:line: message."""
    result = checking.check(directory or content, KINDS)
    click.echo(checking.format_report(result, lang))
    if checking.failed(result, strict):
        raise SystemExit(1)


def instance_option(func):  # noqa: ANN001, ANN201
    """`--instance DIR` (or KB_INSTANCE): where the index and database live."""
    return click.option(
        "--instance", "instance", type=click.Path(file_okay=False, path_type=Path),
        envvar="KB_INSTANCE", default="instance", show_default=True,
        help="Runtime data folder (KB_INSTANCE).")(func)


def _load_or_fail(content: Path):  # noqa: ANN202
    from kb.content.tree import load_content

    loaded = load_content(content, kinds=KINDS)
    if not loaded.root.is_dir():
        raise click.ClickException(f"content folder not found: {content}")
    for problem in loaded.errors:
        click.echo(problem.format(os.environ.get("KB_LANG", "ko")), err=True)
    return loaded


@main.command()
@content_option
@instance_option
@click.option("--full", is_flag=True, help="Rebuild from scratch instead of updating.")
def index(content: Path, instance: Path, full: bool) -> None:
    """Build or update the search index (files with errors are left out)."""
    from kb.search import IndexBusy, build_index, update_index

    loaded = _load_or_fail(content)
    articles = loaded.published()
    root = instance / "index"
    with click.progressbar(length=len(articles), label="indexing", file=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        try:
            if full:
                build_index(articles, root, synonyms=loaded.synonyms, progress=progress)
                summary = f"{len(articles)} articles indexed (full build)"
            else:
                result = update_index(articles, root, synonyms=loaded.synonyms,
                                      progress=progress)
                summary = (f"{len(articles)} articles indexed (full build)" if result.rebuilt
                           else f"{result.added} added, {result.updated} updated, "
                                f"{result.removed} removed")
        except IndexBusy as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{summary} → {root}")


@main.command()
@click.argument("query")
@instance_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--lang", default=None, help="Only articles in this language.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(query: str, instance: Path, limit: int, lang: str | None, as_json: bool) -> None:
    """Search the index from the command line."""
    import json
    import re

    from kb.search import IndexMissing, SearchIndex, clean_query

    try:
        hits = SearchIndex(instance / "index").search(query, limit=limit, lang=lang)
    except IndexMissing as exc:
        raise click.ClickException(f"{exc} (e.g. kb index --content content)") from exc
    if as_json:
        click.echo(json.dumps({"ok": True, "query": clean_query(query),
                               "hits": [h.__dict__ for h in hits]}, ensure_ascii=False,
                              indent=2))
        return
    if not hits:
        click.echo("no results" if os.environ.get("KB_LANG") == "en" else "검색 결과가 없어요")
    for rank, hit in enumerate(hits, start=1):
        click.echo(f"{rank:>2}. {hit.title}  {hit.url}  ({hit.score:.1f})")
        plain = re.sub(r"</?mark>", "", hit.snippet)
        if plain:
            click.echo(f"    {plain[:100]}")


@main.command()
@content_option
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the static site (new, empty, or a previous export).")
@click.option("--search-api", metavar="URL",
              help="Live server that answers searches, e.g. https://help.example.com.")
def build(content: Path, out: Path, search_api: str | None) -> None:
    """Export the manual as static HTML for a CDN (serve it at the domain root)."""
    from kbsite import create_app
    from kbsite.export import export_site

    try:
        r = export_site(create_app({"CONTENT_DIR": str(content)}), out, search_api=search_api)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{r.pages} pages, {r.redirects} redirects, {r.assets} assets → {out}")
    for link in r.broken_links:
        click.echo(f"broken link: {link}", err=True)
    if r.broken_links:
        raise SystemExit(1)


def _engine(instance: Path):  # noqa: ANN202
    from kb.db import connect, database_url

    return connect(database_url(instance))


def _matcher(instance: Path):  # noqa: ANN202
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


@main.group("import")
def import_() -> None:
    """Import data from outside (consultation sheets)."""


@import_.command("inquiries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Map a sheet column to date, channel, category, question, product, result.")
@content_option
@instance_option
def import_inquiries(file: Path, maps: tuple[str, ...], content: Path, instance: Path) -> None:
    """Import a consultation sheet (CSV, UTF-8 or CP949); bad rows are listed, not imported."""
    from kb.content.settings import load_tags
    from kb.core.problems import Report
    from kb.insights.sheets import SheetError, import_sheet

    mapping = dict(m.split("=", 1) for m in maps if "=" in m)
    tags, _ = load_tags(content, Report())
    try:
        result = import_sheet(_engine(instance), file, tags=tags, mapping=mapping)
    except SheetError as exc:
        raise click.ClickException(str(exc)) from exc
    for error in result.errors:
        click.echo(f"{file}: {error}", err=True)
    for category, n in sorted(result.unknown_categories.items()):
        click.echo(f"{file}: category '{category}' is not in tags.yaml ({n} rows)", err=True)
    click.echo(f"{result.imported} imported, {result.duplicates} already there, "
               f"{len(result.errors)} rows with errors")


@main.command()
@click.option("--period", type=click.Choice(["week", "month", "quarter", "half", "year"]),
              default="month", show_default=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="End of the period (default: now), e.g. 2026-11-01.")
@click.option("--json", "as_json", is_flag=True)
@instance_option
def gaps(period: str, limit: int, until, as_json: bool, instance: Path) -> None:  # noqa: ANN001
    """The write-next queue: frequent questions the help center does not answer yet."""
    import datetime as dt
    import json

    from kb.insights.gaps import gaps as find_gaps

    now = until.replace(tzinfo=dt.UTC) if until else None
    found = find_gaps(_engine(instance), period, limit=limit, now=now,
                      matcher=_matcher(instance))
    if as_json:
        click.echo(json.dumps([g.as_dict() for g in found], ensure_ascii=False, indent=2))
        return
    for rank, gap in enumerate(found, start=1):
        sources = ", ".join(f"{k} {v}" for k, v in gap.sources.most_common())
        click.echo(f"{rank:>2}. {gap.question}  ×{gap.count} ({gap.trend:+d})  "
                   f"coverage {gap.coverage:.0%}  [{sources}]"
                   + (f"  → {gap.best_article}" if gap.best_article else ""))


@main.command()
@click.option("--period", type=click.Choice(["week", "month", "quarter", "half", "year"]),
              default="week", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@instance_option
def stats(period: str, as_json: bool, instance: Path) -> None:
    """Counts for the period against the previous one (events, sheets, votes, hand-offs)."""
    import json

    from kb.insights.report import period_stats

    found = period_stats(_engine(instance), period)
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{period}: {found.start.date()} ~ {found.end.date()}")
    for kind, (now, before) in sorted(found.counts.items()):
        click.echo(f"  {kind:<14} {now:>7} (before {before})")
    if found.self_service is not None:
        click.echo(f"  self-service   {found.self_service:.0%}")


@main.command()
@click.option("--period", type=click.Choice(["week", "month", "quarter", "half", "year"]),
              default="week", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md",
              show_default=True)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="End of the period (default: now).")
@content_option
@instance_option
def report(period: str, fmt: str, until, content: Path, instance: Path) -> None:  # noqa: ANN001
    """The CS report: volume and trend, inquiry types, write-next, failed searches,
    articles needing work, hand-off hot spots."""
    import datetime as dt

    from kb.insights.report import report as make_report

    loaded = _load_or_fail(content)
    now = until.replace(tzinfo=dt.UTC) if until else None
    click.echo(make_report(_engine(instance), loaded, period, fmt, now=now,
                           matcher=_matcher(instance)), nl=False)


@main.command("new-article")
@click.option("--from-gap", "rank", required=True, type=click.IntRange(1, 500))
@click.option("--period", default="month", show_default=True,
              type=click.Choice(["week", "month", "quarter", "half", "year"]))
@content_option
@instance_option
def new_article(rank: int, period: str, content: Path, instance: Path) -> None:
    """Write a draft article for gap N, its questions taken from how customers asked."""
    from kb.insights.drafts import write_stub
    from kb.insights.gaps import gaps as find_gaps

    found = find_gaps(_engine(instance), period, limit=rank)
    if len(found) < rank:
        raise click.ClickException(f"there are only {len(found)} gaps in the last {period}")
    click.echo(f"wrote {write_stub(content, found[rank - 1])}")


@main.command()
@instance_option
@click.option("--days", type=int, default=None, help="Keep this many days (KB_RETENTION_DAYS).")
def prune(instance: Path, days: int | None) -> None:
    """Delete events older than the retention setting."""
    from kb.db import prune as prune_events

    days = days or int(os.environ.get("KB_RETENTION_DAYS", "730"))
    click.echo(f"{prune_events(_engine(instance), days)} events older than {days} days deleted")


@main.group()
def user() -> None:
    """Staff accounts (agents and admins)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["agent", "admin"]), default="agent", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@instance_option
def user_add(name: str, role: str, password_stdin: bool, instance: Path) -> None:
    """Add a user (or set a new password); the password is prompted unless --password-stdin."""
    from kb.accounts import AccountError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        added = add_user(_engine(instance), name, password, role)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{added.name} ({added.role}) saved")


@main.command()
@content_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="Reload content files when they change.")
def serve(content: Path, host: str, port: int, reload: bool) -> None:
    """Serve the help center (development server)."""
    from kbsite import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app({"CONTENT_DIR": str(content), "RELOAD": reload})
    app.extensions["answerloop.search"].sync()  # index before the first visitor waits for it
    click.echo(f"Answerloop: http://{host}:{port}/ (content: {content})")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(__file__))
