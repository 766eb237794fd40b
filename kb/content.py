"""Loading a whole content tree: every file read, every cross-reference checked.

`load_content` never raises on bad content: it reports every problem and returns what
loaded. Given the previous good `Content`, a file that now has errors keeps its last
good version, so a broken edit never takes the running site down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from chatbot.loader import load_scenario
from chatbot.model import Scenario
from chatbot.validate import validate as validate_scenario
from kb.articles import ArticleSource, find_line, read_article
from kb.config import load_categories, load_site, load_synonyms, load_tags
from kb.files import display_path
from kb.models import Article, Category, Site
from kb.problems import Problem, Report, did_you_mean, t
from kb.render import Rendered, render, render_many


@dataclass(frozen=True)
class Content:
    """Everything a content tree holds, validated."""

    root: Path
    site: Site = field(default_factory=Site)
    categories: Mapping[str, Category] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    articles: Mapping[str, Article] = field(default_factory=dict)  # drafts included
    aliases: Mapping[str, str] = field(default_factory=dict)  # old id → id
    scenarios: Mapping[str, Scenario] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    article_files: int = 0
    scenario_files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

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


def load_content(root: Path, previous: Content | None = None, *, workers: int = 1) -> Content:
    """Load and validate a content tree; with `previous`, keep last good versions of bad files.

    `workers` > 1 renders large trees in forked processes (for the CLI; a threaded
    server should not fork).
    """
    root = Path(root)
    report = Report()
    if not root.is_dir():
        report.error(display_path(root), 1, t("content_missing"), t("content_missing_hint"))
        return Content(root=root, problems=tuple(report.problems))
    site, site_ok = load_site(root, report)
    categories, categories_ok = load_categories(root, report)
    tags, tags_ok = load_tags(root, report)
    if previous is not None:  # a broken settings file: validate against the last good one
        site = site if site_ok else previous.site
        categories = categories if categories_ok else dict(previous.categories)
        tags = tags if tags_ok else previous.tags
    synonyms = load_synonyms(root, report)

    files = sorted((root / "articles").glob("**/*.md"))
    sources = [s for s in (read_article(f, report) for f in files) if s is not None]
    # A file that did not parse is still there: links to its stem are not reported too.
    unreadable = {f.stem for f in files} - {s.file.stem for s in sources}
    articles = _articles(sources, root, site, categories, tags, report, unreadable, workers)

    scenario_files = sorted([*(root / "scenarios").glob("*.yaml"),
                             *(root / "scenarios").glob("*.yml")])
    scenarios = _scenarios(scenario_files, articles, site, report, unreadable)
    _check_site(root, site, articles, scenarios, report)

    problems = tuple(sorted(report.problems, key=lambda p: (p.path, p.line)))
    failed = {p.path for p in problems if p.is_error}
    articles = {k: a for k, a in articles.items() if a.path not in failed}
    scenarios = {k: s for k, s in scenarios.items() if s.path not in failed}
    if previous is not None:
        _keep_last_good(previous, failed, articles, scenarios)
    aliases = {old: a.id for a in articles.values() if not a.draft for old in a.aliases
               if old not in articles}
    return Content(root=root, site=site, categories=categories, tags=tags, synonyms=synonyms,
                   articles=articles, aliases=aliases, scenarios=scenarios, problems=problems,
                   article_files=len(files), scenario_files=len(scenario_files))


def _keep_last_good(previous: Content, failed: set[str], articles: dict[str, Article],
                    scenarios: dict[str, Scenario]) -> None:
    for old in previous.articles.values():
        if old.path in failed and old.id not in articles and old.file.exists():
            articles[old.id] = old
    for old in previous.scenarios.values():
        if old.path in failed and old.id not in scenarios:
            scenarios[old.id] = old


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
        _check_references(src, rendered, by_id, drafts, root, site, categories, tags, report,
                          unreadable)
    articles = {aid: _article(src, rendered[aid]) for aid, src in by_id.items()}
    return articles


def _article(src: ArticleSource, rendered: Rendered) -> Article:
    v = src.values
    return Article(
        id=v["id"], title=v["title"] or v["id"], category=v["category"] or "", path=src.path,
        file=src.file, body=src.body, body_line=src.body_line, digest=src.digest,
        tags=v["tags"], summary=v["summary"], questions=v["questions"], aliases=v["aliases"],
        related=v["related"], lang=v["lang"] or "", translation_of=v["translation_of"],
        updated=v["updated"], draft=v["draft"], html=rendered.html, toc=rendered.toc,
        refs=rendered.refs,
    )


def _check_references(src: ArticleSource, rendered: Mapping[str, Rendered],
                      by_id: Mapping[str, ArticleSource], drafts: set[str], root: Path,
                      site: Site, categories: Mapping[str, Category], tags: tuple[str, ...],
                      report: Report, unreadable: set[str]) -> None:
    v, path = src.values, src.path
    if v["lang"] is None:
        v["lang"] = site.default_lang
    elif v["lang"] not in site.languages:
        report.error(path, src.line("lang"),
                     t("unknown_lang", lang=v["lang"], langs=", ".join(site.languages)),
                     t("unknown_lang_hint"))
    if v["category"] and categories and v["category"] not in categories:
        report.error(path, src.line("category"),
                     t("unknown_category", value=v["category"]) + did_you_mean(
                         v["category"], categories),
                     t("choices_hint", choices=", ".join(categories)))
    for tag in v["tags"]:
        if tag not in tags:
            report.error(path, src.line("tags"),
                         t("unknown_tag", value=tag) + did_you_mean(tag, tags), t("tag_hint"))
    for rid in v["related"]:
        if rid == v["id"]:
            report.error(path, src.line("related"), t("related_self", value=rid))
        elif rid not in by_id and rid not in unreadable:
            report.error(path, src.line("related"),
                         t("unknown_related", value=rid) + did_you_mean(rid, by_id),
                         t("unknown_article_hint"))
    original = v["translation_of"]
    if original is not None:
        if original not in by_id:
            report.error(path, src.line("translation_of"),
                         t("unknown_translation", value=original) + did_you_mean(original, by_id),
                         t("unknown_article_hint"))
        elif (by_id[original].values["lang"] or site.default_lang) == v["lang"]:
            report.error(path, src.line("translation_of"),
                         t("translation_same_lang", value=original, lang=v["lang"]))
    _check_body_refs(src, rendered[v["id"]], rendered, by_id, drafts, root, report, unreadable)


def _check_body_refs(src: ArticleSource, mine: Rendered, rendered: Mapping[str, Rendered],
                     by_id: Mapping[str, ArticleSource], drafts: set[str], root: Path,
                     report: Report, unreadable: set[str]) -> None:
    cursor: dict[str, int] = {}
    for ref in mine.refs:
        line, cursor[ref.source] = find_line(src.body, src.body_line, ref.source,
                                             cursor.get(ref.source, 0))
        if ref.kind == "image":
            if ref.target is None:
                report.error(src.path, line, t("image_outside", src=ref.source),
                             t("image_hint"))
            elif not (root / "images" / ref.target).is_file():
                report.error(src.path, line, t("image_missing", src=ref.source),
                             t("image_hint"))
            continue
        if ref.target in unreadable:
            continue
        if ref.target is None or ref.target not in by_id:
            guess = ref.target or Path(ref.source.partition("#")[0]).stem
            report.error(src.path, line, t("broken_link", src=ref.source)
                         + did_you_mean(guess, by_id), t("broken_link_hint"))
            continue
        if ref.target in drafts and src.values["id"] not in drafts:
            report.warning(src.path, line, t("link_to_draft", src=ref.source))
        anchors = {h.anchor for h in rendered[ref.target].toc}
        if ref.anchor and ref.anchor not in anchors:
            report.warning(src.path, line,
                           t("broken_anchor", src=ref.source, anchor=ref.anchor)
                           + did_you_mean(ref.anchor, anchors),
                           t("broken_anchor_hint", choices=", ".join(sorted(anchors)) or "-"))


def _scenarios(files: Iterable[Path], articles: Mapping[str, Article], site: Site,
               report: Report, unreadable: set[str]) -> dict[str, Scenario]:
    published = {aid for aid, a in articles.items() if not a.draft} | unreadable
    drafts = {aid for aid, a in articles.items() if a.draft}
    found: dict[str, Scenario] = {}
    for file in files:
        scenario = load_scenario(file, report)
        if scenario is None:
            continue
        if scenario.id in found:
            report.error(scenario.path, 1,
                         t("duplicate_scenario", id=scenario.id, other=found[scenario.id].path))
            continue
        validate_scenario(scenario, report, article_ids=published, draft_ids=drafts,
                          max_options=site.widget.max_options)
        for _, _, node in scenario.walk():
            if node.answer:
                for ref in render(node.answer).refs:
                    if ref.kind == "article" and ref.target not in published:
                        report.error(scenario.path, node.line,
                                     t("answer_broken_link", label=node.label, src=ref.source)
                                     + did_you_mean(ref.target, published),
                                     t("unknown_article_hint"))
        if not scenario.greeting:
            scenario = Scenario(**{**scenario.__dict__, "greeting": site.widget.greeting})
        found[scenario.id] = scenario
    return found


def _check_site(root: Path, site: Site, articles: Mapping[str, Article],
                scenarios: Mapping[str, Scenario], report: Report) -> None:
    file = root / "site.yaml"
    if not file.exists():
        return
    path, text = display_path(file), file.read_text("utf-8", errors="replace")

    def line_of(needle: str) -> int:
        return find_line(text, 1, needle)[0]

    published = {aid for aid, a in articles.items() if not a.draft}
    if scenarios and site.widget.scenario not in scenarios:
        report.error(path, line_of("scenario:"),
                     t("site_unknown_scenario", id=site.widget.scenario)
                     + did_you_mean(site.widget.scenario, scenarios))
    for rule in site.widget.page_rules:
        for aid in rule.articles:
            if aid not in published:
                report.error(path, line_of(aid),
                             t("site_unknown_article", id=aid, url=rule.url)
                             + did_you_mean(aid, published), t("unknown_article_hint"))
