"""A static export of the manual, for a CDN or any plain file server (`kb build --out DIR`).

Every page is rendered by the app itself through Flask's test client, so the export uses
the same templates, content and escaping as the live site:

| URL | file |
|---|---|
| `/` | `index.html` |
| `/categories/<id>` | `categories/<id>/index.html` (every category) |
| `/articles/<id>` | `articles/<id>/index.html` (published articles; drafts are left out) |
| `/articles/<old>` (an alias) | `articles/<old>/index.html`: a stub that redirects to the new id |
| `/search` | `search/index.html` (the empty search page) |
| any unknown URL | `404.html` (the not-found page) |
| `/sitemap.xml`, `/robots.txt` | the same names, when the app serves them |
| `/static/…` | `static/…` (the Flask static folder) |
| `/images/…` | `images/…` (`content/images/`) |

**Serve the export at the domain root.** Pages keep the app's root-relative links
(`/articles/x`, `/static/manual.css`), and each page is a folder with an `index.html`, so
`/articles/x` works on any server that answers a folder with its `index.html` — but only
when the export is the root of its domain (`https://help.example.com/`), not a sub-path
(`https://example.com/help/`). Configure the server to answer unknown paths with `404.html`.

**Search needs a live server.** A static site cannot run a search. Every search form in
the export (the header box, the search page, the 404 page) submits `GET …/search?q=`:
with `search_api` (the base URL of a running Answerloop, e.g.
`"https://help.example.com"`), its `action` is rewritten to `{search_api}/search`, so a
search goes to that server, which shows the results (its JSON API is at
`{search_api}/api/v1/search`). Without `search_api` the forms keep `action="/search"`,
which in a purely static export only reaches the empty search page.

**Headers are the CDN's job.** The app sends security headers (a Content-Security-Policy,
`X-Content-Type-Options: nosniff`) and serves `/images/` with a CSP that stops an SVG
from running script; files on a CDN get whatever headers the CDN adds, so configure the
same there (and, with `search_api`, allow that origin in `form-action`).

Alias stubs use `<meta http-equiv="refresh">` plus a canonical link, because a static
host cannot answer 301 by itself; a host with redirect rules can do better.

`export_site` refuses to write into a non-empty folder that is not a previous export (one
without `index.html`), so a mistyped `--out` never wipes the wrong folder. It builds into a
new sibling folder and only then replaces the previous export, so a failed build leaves
the previous export as it was. Links are checked after the build: every root-relative
`href`/`src` in every written page must name a written file; the ones that do not are
returned in `ExportResult.broken_links` (nothing raises for them).
"""

from __future__ import annotations

import html
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from flask import Flask

from kbsite.visits import EXPORT_KEY

# Any path no route answers, to render the not-found page.
NOT_FOUND_PROBE = "/__answerloop-export-not-found__"
SEARCH_PATH = "/search"
OPTIONAL = ("/sitemap.xml", "/robots.txt")  # written when the app serves them


@dataclass(frozen=True)
class ExportResult:
    """What `export_site` wrote.

    `pages`: files rendered by the app (HTML pages, the 404 page, and sitemap.xml /
    robots.txt when served); `redirects`: alias stubs; `assets`: files copied from the
    static folder and `content/images/`; `broken_links`: `"<page file>: <link>"` for each
    root-relative link that names no written file, sorted.
    """

    pages: int
    redirects: int
    assets: int
    broken_links: list[str]


def export_site(app: Flask, out: Path, *, search_api: str | None = None) -> ExportResult:
    """Write the manual served by `app` as static files into `out` (see the module doc).

    Raises ValueError if `out` is a file, a non-empty folder without `index.html`, or
    inside (or around) the content or static folder, or if `search_api` is not an http(s) URL; and
    RuntimeError if a page does not render (the previous export, if any, is kept).
    """
    out = Path(out).resolve()
    api = _search_api(search_api)
    content = app.extensions["answerloop.content"].get()
    images = Path(content.root).resolve() / "images"
    static = Path(app.static_folder).resolve() if app.static_folder else None
    _check_out(out, [p for p in (Path(content.root).resolve(), static) if p is not None])

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building-{secrets.token_hex(4)}")
    staging.mkdir()  # default mode (umask), unlike mkdtemp's 0700: the server must read it
    try:
        pages, redirects, assets = _build(app, content, staging, api, images, static)
        broken = check_links(staging)
        _replace(out, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(pages=pages, redirects=redirects, assets=assets, broken_links=broken)


def _search_api(search_api: str | None) -> str | None:
    if search_api is None:
        return None
    parts = urlsplit(search_api)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment:
        raise ValueError(f"search_api must be an http(s) base URL such as "
                         f"https://help.example.com, not {search_api!r}")
    return search_api.rstrip("/")


def _check_out(out: Path, sources: list[Path]) -> None:
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder: choose an empty or new folder")
    for source in sources:
        if out.is_relative_to(source) or source.is_relative_to(out):
            raise ValueError(f"{out} overlaps {source}, which the export reads from: "
                             f"choose a folder outside it")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ValueError(f"{out} is not empty and does not look like a previous export "
                         f"(no index.html): refusing to replace it. Choose an empty or new "
                         f"folder, or empty this one yourself.")


def _build(app: Flask, content, root: Path, api: str | None, images: Path,  # noqa: ANN001
           static: Path | None) -> tuple[int, int, int]:
    client = app.test_client()
    client.environ_base[EXPORT_KEY] = True  # rendering a page is not a visit: record nothing
    pages = 0

    def render(path: str, status: int = 200) -> bytes:
        response = client.get(path)
        if response.status_code != status:
            raise RuntimeError(f"GET {path} answered {response.status_code}, "
                               f"expected {status}: export stopped")
        return response.get_data()

    def write_page(path: str, body: bytes, file: str | None = None) -> None:
        nonlocal pages
        _write(root, file or _page_file(path), _rewrite_search(body, api))
        pages += 1

    write_page("/", render("/"))
    for category_id in content.categories:
        path = f"/categories/{category_id}"
        write_page(path, render(path))
    for article in content.published():
        write_page(article.url, render(article.url))
    write_page(SEARCH_PATH, render(SEARCH_PATH))
    write_page(NOT_FOUND_PROBE, render(NOT_FOUND_PROBE, 404), "404.html")
    for path in OPTIONAL:
        response = client.get(path)
        if response.status_code == 404:
            continue
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: export stopped")
        _write(root, path.lstrip("/"), response.get_data())
        pages += 1

    redirects = 0
    base_url = content.site.base_url.rstrip("/")
    for old, new in sorted(content.aliases.items()):
        target = content.article(new)
        if target is None:  # aliases only point at published articles; be safe anyway
            continue
        _write(root, _page_file(f"/articles/{old}"),
               _redirect_stub(target.url, base_url + target.url, target.title))
        redirects += 1

    assets = 0
    if static is not None and static.is_dir():
        assets += _copy_tree(static, root / app.static_url_path.strip("/"))
    if images.is_dir():
        assets += _copy_tree(images, root / "images")
    return pages, redirects, assets


def _page_file(path: str) -> str:
    """`/` → `index.html`, `/articles/x` → `articles/x/index.html`."""
    inner = path.strip("/")
    return f"{inner}/index.html" if inner else "index.html"


def _write(root: Path, relative: str, data: bytes) -> None:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise RuntimeError(f"refusing to write outside the export: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_SEARCH_ACTION = re.compile(r"""(\baction\s*=\s*)(["'])/search\2""", re.IGNORECASE)


def _rewrite_search(body: bytes, api: str | None) -> bytes:
    """Point every search form's `action="/search"` at `{api}/search`."""
    if api is None:
        return body
    action = html.escape(f"{api}{SEARCH_PATH}", quote=True)
    text = body.decode("utf-8")
    text = _FORM.sub(lambda m: _SEARCH_ACTION.sub(
        lambda a: f'{a.group(1)}"{action}"', m.group(0)), text)
    return text.encode("utf-8")


def _redirect_stub(url: str, canonical: str, title: str) -> bytes:
    u, c, t = (html.escape(v, quote=True) for v in (url, canonical, title))
    return (f'<!doctype html><meta charset=utf-8>'
            f'<meta http-equiv="refresh" content="0; url={u}">'
            f'<link rel="canonical" href="{c}"><meta name="robots" content="noindex">'
            f'<title>{t}</title><a href="{u}">{t}</a>\n').encode()


def _copy_tree(source: Path, target: Path) -> int:
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for p in target.rglob("*") if p.is_file())


def _replace(out: Path, staging: Path) -> None:
    """Put `staging` where `out` is, replacing a previous export."""
    if not out.exists():
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    try:
        out.rename(old)
    except OSError:  # a mount point or a busy folder: replace its contents instead
        for entry in list(out.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in list(staging.iterdir()):
            shutil.move(os.fspath(entry), os.fspath(out / entry.name))
        staging.rmdir()
        return
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)  # put the previous export back
        raise
    shutil.rmtree(old)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value.strip())


def check_links(root: Path) -> list[str]:
    """`"<page>: <link>"` for every root-relative href/src in root's HTML naming no file."""
    root = Path(root)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    broken: set[str] = set()
    for page in sorted(f for f in files if f.endswith(".html")):
        parser = _Links()
        parser.feed((root / page).read_text(encoding="utf-8"))
        parser.close()
        for link in parser.links:
            if link.startswith("/") and not link.startswith("//") \
                    and not _resolves(link, files):
                broken.add(f"{page}: {link}")
    return sorted(broken)


def _resolves(link: str, files: set[str]) -> bool:
    path = unquote(link.split("#", 1)[0].split("?", 1)[0])
    inner = PurePosixPath(path).as_posix().strip("/")
    if ".." in inner.split("/"):
        return False
    if not inner:
        return "index.html" in files
    if path.endswith("/"):
        return f"{inner}/index.html" in files
    return f"{inner}/index.html" in files or inner in files
