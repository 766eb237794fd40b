"""The `kb` command: thin click wrappers around library functions."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from kb import check as checking

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
    result = checking.check(directory or content)
    click.echo(checking.format_report(result, lang))
    if checking.failed(result, strict):
        raise SystemExit(1)


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
    click.echo(f"Answerloop: http://{host}:{port}/ (content: {content})")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(__file__))
