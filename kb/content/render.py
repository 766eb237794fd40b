"""Markdown, configured in exactly one place: HTML (sanitized) plus the table of contents.

`Heading`, `LinkRef` and `Rendered` live in `kb.content.models` (re-exported here), so the
models load without Markdown.
"""

from __future__ import annotations

import multiprocessing
import re
import posixpath
import threading
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kb.content.models import Heading, LinkRef, Rendered
from kb.text.romanize import anchor_slug

__all__ = ["ARTICLE_SCHEME", "Heading", "LinkRef", "Rendered", "render", "render_many",
           "sanitize"]

ARTICLE_SCHEME = "article:"

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "ol": {"start"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
}


@dataclass
class _Context:
    """Per-render inputs and outputs for the tree processor."""

    file: Path | None = None
    content_root: Path | None = None
    ids_by_path: Mapping[Path, str] = field(default_factory=dict)
    refs: list[LinkRef] = field(default_factory=list)


class _LinkProcessor(Treeprocessor):
    """Turns article:/.md links into permalinks and image paths into /images/ URLs."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ctx = _Context()

    def run(self, root: etree.Element) -> None:
        for el in root.iter("a"):
            href = el.get("href", "")
            new = self._link(href)
            if new is not None:
                el.set("href", new)
        for el in root.iter("img"):
            src = el.get("src", "")
            new = self._image(src)
            if new is not None:
                el.set("src", new)
            el.set("loading", "lazy")

    def _link(self, href: str) -> str | None:
        if href.startswith(ARTICLE_SCHEME):
            target, _, anchor = href[len(ARTICLE_SCHEME):].partition("#")
            self.ctx.refs.append(LinkRef("article", href, target, anchor))
            return f"/articles/{target}" + (f"#{anchor}" if anchor else "")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
            return None
        target = None
        if self.ctx.file is not None and not parts.path.startswith("/"):
            resolved = (self.ctx.file.parent / unquote(parts.path)).resolve()
            target = self.ctx.ids_by_path.get(resolved)
        self.ctx.refs.append(LinkRef("article", href, target, parts.fragment))
        if target is None:
            return None
        return f"/articles/{target}" + (f"#{parts.fragment}" if parts.fragment else "")

    def _image(self, src: str) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if path.startswith("/images/"):
            rel = posixpath.normpath(path[len("/images/"):])
        elif self.ctx.file is not None and self.ctx.content_root is not None:
            images = (self.ctx.content_root / "images").resolve()
            resolved = (self.ctx.file.parent / path).resolve()
            try:
                rel = PurePosixPath(resolved.relative_to(images)).as_posix()
            except ValueError:
                self.ctx.refs.append(LinkRef("image", src, None))
                return None
        else:
            self.ctx.refs.append(LinkRef("image", src, None))
            return None
        if rel.startswith(".."):
            self.ctx.refs.append(LinkRef("image", src, None))
            return None
        self.ctx.refs.append(LinkRef("image", src, rel))
        return f"/images/{rel}"


_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+\S")
_FIRST_NUMBER = re.compile(r"^ {0,3}1[.)][ \t]+\S")
_ANY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])[ \t]+\S")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


class _ListAfterLine(Preprocessor):
    """A list written right under a line of text starts a list, as in CommonMark (a bullet,
    or a numbered list from 1) — Python-Markdown would fold it into the paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = False
        for line in lines:
            if _FENCE.match(line):
                fenced = not fenced
            elif (not fenced and out and out[-1].strip() and not _ANY_ITEM.match(out[-1])
                  and not out[-1].startswith((" ", "\t", "|", "#", ">"))
                  and (_BULLET.match(line) or _FIRST_NUMBER.match(line))):
                out.append("")
            out.append(line)
        return out


class _LinkExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_LinkProcessor(md), "answerloop_links", 4)
        md.preprocessors.register(_ListAfterLine(md), "answerloop_lists", 20)


_local = threading.local()


def _markdown() -> tuple[markdown.Markdown, _LinkProcessor]:
    """One configured Markdown instance per thread (instances are not thread-safe)."""
    if not hasattr(_local, "md"):
        md = markdown.Markdown(
            extensions=["toc", "tables", "fenced_code", "admonition", "attr_list", "sane_lists",
                        _LinkExtension()],
            extension_configs={"toc": {"slugify": anchor_slug, "toc_depth": "1-6"}},
            output_format="html",
        )
        _local.md = md
        _local.links = md.treeprocessors["answerloop_links"]
    return _local.md, _local.links


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], token["name"]))
        out.extend(_flatten(token.get("children", [])))
    return out


def sanitize(html: str) -> str:
    """Keep formatting, drop scripts, event handlers and unsafe URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render(
    text: str,
    *,
    file: Path | None = None,
    content_root: Path | None = None,
    ids_by_path: Mapping[Path, str] | None = None,
) -> Rendered:
    """Render Markdown to sanitized HTML, its headings, and the links it makes."""
    md, links = _markdown()
    md.reset()
    links.ctx = _Context(file, content_root, ids_by_path or {})
    html = md.convert(text)
    toc = tuple(_flatten(getattr(md, "toc_tokens", [])))
    refs = tuple(links.ctx.refs)
    links.ctx = _Context()
    return Rendered(sanitize(html), toc, refs)


PARALLEL_FROM = 200  # below this many articles, starting processes costs more than it saves
_jobs: tuple = ()  # set before forking so workers inherit it instead of unpickling it


def _render_slice(indexes: range) -> list[tuple[str, Rendered]]:
    jobs, root, ids_by_path = _jobs
    return [(jobs[i][0], render(jobs[i][1], file=jobs[i][2], content_root=root,
                                ids_by_path=ids_by_path)) for i in indexes]


def render_many(
    jobs: list[tuple[str, str, Path]],
    content_root: Path,
    ids_by_path: Mapping[Path, str],
    workers: int = 1,
) -> dict[str, Rendered]:
    """Render (key, markdown, file) jobs; with workers > 1 and many jobs, in forked processes."""
    global _jobs
    if workers <= 1 or len(jobs) < PARALLEL_FROM or (
            "fork" not in multiprocessing.get_all_start_methods()):
        return {key: render(text, file=file, content_root=content_root,
                            ids_by_path=ids_by_path) for key, text, file in jobs}
    _jobs = (jobs, content_root, ids_by_path)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_render_slice, [range(i, len(jobs), workers)
                                             for i in range(workers)])
    finally:
        _jobs = ()
    return dict(pair for part in parts for pair in part)
