"""Content commands: `kb check`, `kb index`, `kb search`, `kb build`, `kb serve`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from chatbot.kakao import kakao_check
from kb.content import check as checking
from kb.core.catalogue import message
from kb.errors import KbError
from kbsite.cli import (
    LANG,
    chosen_lang,
    content_option,
    edge,
    instance_option,
    load_or_fail,
    main,
    say,
)
from kbsite.kinds import KINDS

# Channel checks `kb check --target NAME` adds to the kinds (each owned by its package).
TARGETS = {"kakao": kakao_check}


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@content_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--target", "targets", multiple=True, type=click.Choice(sorted(TARGETS)),
              help="Also check a channel's limits (kakao: what KakaoTalk would cut).")
@LANG
@edge
def check(directory: Path | None, content: Path, strict: bool, targets: tuple[str, ...],
          lang: str) -> None:
    """Validate every content file; print each problem as path:line: message."""
    kinds = (*KINDS, *(TARGETS[name](strict) for name in dict.fromkeys(targets)))
    result = checking.check(directory or content, kinds)
    click.echo(checking.format_report(result, lang))
    if checking.failed(result, strict):
        raise SystemExit(1)


@main.command()
@content_option
@instance_option
@click.option("--full", is_flag=True, help="Rebuild from scratch instead of updating.")
@LANG
@edge
def index(content: Path, instance: Path, full: bool, lang: str) -> None:
    """Build or update the search index (files with errors are left out)."""
    from kb.search import build_index, update_index

    loaded = load_or_fail(content, lang)
    articles = loaded.published()
    root = instance / "index"
    with click.progressbar(length=len(articles), label=message("cli_indexing", lang),
                           file=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        result = None
        if full:
            build_index(articles, root, synonyms=loaded.synonyms, progress=progress)
        else:
            result = update_index(articles, root, synonyms=loaded.synonyms, progress=progress)
    if result is None or result.rebuilt:
        say(lang, "cli_indexed_full", n=len(articles), root=root)
    else:
        say(lang, "cli_indexed_update", added=result.added, updated=result.updated,
            removed=result.removed, root=root)


@main.command()
@click.argument("query")
@instance_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--lang", default=None,
              help="Only articles in this language (messages too; else KB_LANG).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@edge
def search(query: str, instance: Path, limit: int, lang: str | None, as_json: bool) -> None:
    """Search the index from the command line."""
    import json
    import re

    from kb.search import SearchIndex, clean_query

    hits = SearchIndex(instance / "index").search(query, limit=limit, lang=lang)
    if as_json:
        click.echo(json.dumps({"ok": True, "query": clean_query(query),
                               "hits": [h.__dict__ for h in hits]}, ensure_ascii=False,
                              indent=2))
        return
    if not hits:
        say(chosen_lang(lang), "cli_no_results")
    for rank, hit in enumerate(hits, start=1):  # data only: title, address, score, snippet
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
@LANG
@edge
def build(content: Path, out: Path, search_api: str | None, lang: str) -> None:
    """Export the manual as static HTML for a CDN (serve it at the domain root)."""
    from kbsite import create_app
    from kbsite.export import export_site

    try:
        r = export_site(create_app({"CONTENT_DIR": str(content)}), out, search_api=search_api)
    except (ValueError, RuntimeError) as exc:  # kbsite.export says why in English
        raise KbError("cli_build_failed", reason=exc) from exc
    say(lang, "cli_built", pages=r.pages, redirects=r.redirects, assets=r.assets, out=out)
    for link in r.broken_links:
        say(lang, "cli_broken_link", err=True, link=link)
    if r.broken_links:
        raise SystemExit(1)


@main.command()
@content_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True,
              help="Reload content files when they change (development server).")
@click.option("--production", is_flag=True,
              help="Serve with gunicorn: preloaded workers, gzip, access log (KB_SECRET_KEY "
                   "required; SIGHUP re-reads content).")
@click.option("--workers", default=3, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (--production).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker (--production).")
@LANG
@edge
def serve(content: Path, host: str, port: int, reload: bool, production: bool, workers: int,
          threads: int, lang: str) -> None:
    """Serve the help center (development server; --production: gunicorn)."""
    if production:
        _serve_production(content, host, port, workers, threads, lang)
        return
    from kbsite import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app({"CONTENT_DIR": str(content), "RELOAD": reload})
    app.extensions["answerloop.search"].sync()  # index before the first visitor waits for it
    say(lang, "cli_serving", host=host, port=port, content=content)
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def _serve_production(content: Path, host: str, port: int, workers: int, threads: int,
                      lang: str) -> None:
    """`kb serve --production`: refuse without a shared secret key, then run gunicorn."""
    import os

    from kbsite import messages_ops as _ops  # noqa: F401 - registers ops_*

    if not os.environ.get("KB_SECRET_KEY"):
        raise KbError("ops_secret_key_missing")
    from kbsite import production

    production.check_port(host, port)  # before the app loads: one message, exit 1
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    production.serve(content, host, port, workers, threads, on_ready=lambda: say(
        lang, "ops_serving", host=host, port=port, workers=workers, threads=threads,
        content=content))
