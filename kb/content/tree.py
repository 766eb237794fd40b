"""Loading a whole content tree: every file read, every cross-reference checked.

`load_content` never raises on bad content: it reports every problem and returns what
loaded. Given the previous good `Content`, a file that now has errors keeps its last
good version, so a broken edit never takes the running site down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kb.content.articles import ArticleSource, read_article
from kb.content.kinds import Context, Kind, files_of
from kb.content.models import Article, Category, Product, Reporting, Site
from kb.content.references import check_references, check_site
from kb.content.render import render_many
from kb.content.reporting import load_products, load_reporting, product_index, product_key
from kb.content.reporting import tag_now as _tag_now
from kb.content.settings import load_categories, load_site, load_synonyms, load_taxonomy
from kb.core.files import display_path
from kb.core.problems import Problem, Problems, Report, t


@dataclass(frozen=True)
class Content(Problems):
    """Everything a content tree holds, validated."""

    root: Path
    site: Site = field(default_factory=Site)
    categories: Mapping[str, Category] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    articles: Mapping[str, Article] = field(default_factory=dict)  # drafts included
    aliases: Mapping[str, str] = field(default_factory=dict)  # old id → id
    extras: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # kind → id → item
    problems: tuple[Problem, ...] = ()
    article_files: int = 0
    kinds: tuple[Kind, ...] = ()  # the kinds loaded into `extras`
    kind_files: Mapping[str, int] = field(default_factory=dict)  # kind → files seen
    tag_renames: Mapping[str, str] = field(default_factory=dict)  # old tag → current tag
    reporting: Reporting = field(default_factory=Reporting)  # risks.yaml
    products: Mapping[str, Product] = field(default_factory=dict)  # products.yaml, by name

    def tag_now(self, old: str) -> str:
        """Today's tag for an old one (tags.yaml `was:`); unknown names come back as written."""
        return _tag_now(self.tags, self.tag_renames, old)

    @cached_property
    def _product_keys(self) -> dict[str, Product]:
        return product_index(self.products)

    def product(self, name_or_code: str) -> Product | None:
        """The product a sheet or sales row names, by name, code or alias (case and
        spaces ignored)."""
        return self._product_keys.get(product_key(name_or_code))

    def published(self, lang: str | None = None) -> list[Article]:
        """Articles the site shows (no drafts), optionally in one language, by title."""
        found = [a for a in self.articles.values()
                 if not a.draft and (lang is None or a.lang == lang)]
        return sorted(found, key=lambda a: a.title)

    def article(self, article_id: str) -> Article | None:
        """A published article by id."""
        found = self.articles.get(article_id)
        return found if found is not None and not found.draft else None

    def in_category(self, category_id: str) -> list[Article]:
        return [a for a in self.published() if a.category == category_id]

    def children(self, category_id: str | None) -> list[Category]:
        return [c for c in self.categories.values() if c.parent == category_id]

    def related(self, article: Article, limit: int = 5) -> list[Article]:
        """`related:` first, then articles sharing tags, then the same category."""
        picked = [a for a in (self.article(r) for r in article.related) if a is not None]
        others = [a for a in self.published(article.lang)
                  if a.id != article.id and a not in picked]
        shared = sorted(others, key=lambda a: (-len(set(a.tags) & set(article.tags)),
                                               a.category != article.category, a.title))
        picked += [a for a in shared
                   if set(a.tags) & set(article.tags) or a.category == article.category]
        return picked[:limit]

    def breadcrumbs(self, category_id: str) -> list[Category]:
        """The category and its ancestors, top first."""
        trail: list[Category] = []
        current = self.categories.get(category_id)
        while current is not None and current not in trail:
            trail.insert(0, current)
            current = self.categories.get(current.parent or "")
        return trail

    def translations(self, article: Article) -> dict[str, Article]:
        """The article in every language it exists in, keyed by language."""
        source = self.article(article.translation_of or "") or article
        found = {source.lang: source}
        for other in self.published():
            if other.translation_of == source.id:
                found.setdefault(other.lang, other)
        return found


def load_content(root: Path, previous: Content | None = None, *, kinds: Sequence[Kind] = (),
                 workers: int = 1) -> Content:
    """Load and validate a content tree; with `previous`, keep last good versions of bad files.

    `kinds` add other kinds of file (chatbot's scenarios) through `kb.content.kinds`.
    `workers` > 1 renders large trees in forked processes (for the CLI; a threaded
    server should not fork).
    """
    root = Path(root)
    report = Report()
    if not root.is_dir():
        report.error(display_path(root), 1, t("content_missing"), t("content_missing_hint"))
        return Content(root=root, problems=tuple(report.problems), kinds=tuple(kinds))
    site, site_ok = load_site(root, report)
    categories, categories_ok = load_categories(root, report)
    tags, renames, tags_ok = load_taxonomy(root, report)
    if previous is not None:  # a broken settings file: validate against the last good one
        site = site if site_ok else previous.site
        categories = categories if categories_ok else dict(previous.categories)
        tags, renames = (tags, renames) if tags_ok else (previous.tags, previous.tag_renames)
    synonyms = load_synonyms(root, report)
    reporting = load_reporting(root, tags, report)
    products = load_products(root, report)

    files = sorted((root / "articles").glob("**/*.md"))
    sources = [s for s in (read_article(f, report) for f in files) if s is not None]
    # A file that did not parse is still there: links to its stem are not reported too.
    unreadable = {f.stem for f in files} - {s.file.stem for s in sources}
    articles = _articles(sources, root, site, categories, tags, report, unreadable, workers)

    check_site(root, site, articles, report)
    context = Context(root, site, articles, frozenset(unreadable))
    kind_files = {kind.name: files_of(root, kind) for kind in kinds}
    extras = {kind.name: kind.load(kind_files[kind.name], context, report) for kind in kinds}

    problems = tuple(sorted(report.problems, key=lambda p: (p.path, p.line)))
    failed = {p.path for p in problems if p.is_error}
    articles = {k: a for k, a in articles.items() if a.path not in failed}
    extras = {name: {k: item for k, item in items.items() if item.path not in failed}
              for name, items in extras.items()}
    if previous is not None:
        _keep_last_good(previous, failed, articles, extras)
        # A risks or products file with errors keeps its last good version while serving.
        if display_path(root / "risks.yaml") in failed:
            reporting = previous.reporting
        if display_path(root / "products.yaml") in failed:
            products = previous.products
    aliases = {old: a.id for a in articles.values() if not a.draft for old in a.aliases
               if old not in articles}
    return Content(root=root, site=site, categories=categories, tags=tags, synonyms=synonyms,
                   articles=articles, aliases=aliases, extras=extras, problems=problems,
                   article_files=len(files), kinds=tuple(kinds),
                   kind_files={name: len(found) for name, found in kind_files.items()},
                   tag_renames=renames, reporting=reporting, products=products)


def _keep_last_good(previous: Content, failed: set[str], articles: dict[str, Article],
                    extras: dict[str, dict[str, Any]]) -> None:
    for old in previous.articles.values():
        if old.path in failed and old.id not in articles and old.file.exists():
            articles[old.id] = old
    for name, items in extras.items():
        for old in previous.extras.get(name, {}).values():
            if old.path in failed and old.id not in items:
                items[old.id] = old


def _articles(sources: list[ArticleSource], root: Path, site: Site,
              categories: Mapping[str, Category], tags: tuple[str, ...],
              report: Report, unreadable: set[str], workers: int) -> dict[str, Article]:
    by_id: dict[str, ArticleSource] = {}
    for src in sources:
        aid = src.values["id"]
        if aid in by_id:
            other = by_id[aid]
            report.error(src.path, src.line("id") if src.loc.get("id") else 1,
                         t("duplicate_id", id=aid, other=f"{other.path}:{other.line('id')}"),
                         t("duplicate_id_hint"))
            continue
        by_id[aid] = src
    aliases: dict[str, str] = {}
    for src in by_id.values():
        for alias in src.values["aliases"]:
            if alias in by_id:
                report.error(src.path, src.line("aliases"),
                             t("alias_is_id", alias=alias, other=by_id[alias].path),
                             t("alias_is_id_hint"))
            elif alias in aliases:
                report.error(src.path, src.line("aliases"),
                             t("alias_twice", alias=alias, other=by_id[aliases[alias]].path))
            else:
                aliases[alias] = src.values["id"]
    # Every file's id, duplicates included, so a relative link names the id it meant.
    ids_by_path = {src.file.resolve(): src.values["id"] for src in sources}
    jobs = [(aid, src.body, src.file.resolve()) for aid, src in by_id.items()]
    rendered = render_many(jobs, root.resolve(), ids_by_path, workers)
    drafts = {aid for aid, src in by_id.items() if src.values["draft"]}
    for src in by_id.values():
        check_references(src, rendered, by_id, drafts, root, site, categories, tags, report,
                         unreadable)
    articles = {aid: _article(src, rendered[aid]) for aid, src in by_id.items()}
    return articles


def _article(src: ArticleSource, rendered: Any) -> Article:
    v = src.values
    return Article(
        id=v["id"], title=v["title"] or v["id"], category=v["category"] or "", path=src.path,
        file=src.file, body=src.body, body_line=src.body_line, digest=src.digest,
        tags=v["tags"], summary=v["summary"], questions=v["questions"], aliases=v["aliases"],
        related=v["related"], lang=v["lang"] or "", translation_of=v["translation_of"],
        updated=v["updated"], draft=v["draft"], html=rendered.html, toc=rendered.toc,
        refs=rendered.refs,
    )
