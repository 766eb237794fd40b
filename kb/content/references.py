"""Cross-references: an article's category, tags, related ids, translations and body links;
site.yaml's page rules. Every broken one is reported at its line, with a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kb.content.articles import ArticleSource, find_line
from kb.content.models import Article, Category, Site
from kb.content.render import Rendered
from kb.core.files import display_path
from kb.core.problems import Report, did_you_mean, t


def check_references(src: ArticleSource, rendered: Mapping[str, Rendered],
                     by_id: Mapping[str, ArticleSource], drafts: set[str], root: Path,
                     site: Site, categories: Mapping[str, Category], tags: tuple[str, ...],
                     report: Report, unreadable: set[str]) -> None:
    """Front matter references and body links of one article."""
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


def check_site(root: Path, site: Site, articles: Mapping[str, Article], report: Report) -> None:
    """site.yaml's references to articles (page rules)."""
    file = root / "site.yaml"
    if not file.exists():
        return
    path, text = display_path(file), file.read_text("utf-8", errors="replace")

    def line_of(needle: str) -> int:
        return find_line(text, 1, needle)[0]

    published = {aid for aid, a in articles.items() if not a.draft}
    for rule in site.widget.page_rules:
        for aid in rule.articles:
            if aid not in published:
                report.error(path, line_of(aid),
                             t("site_unknown_article", id=aid, url=rule.url)
                             + did_you_mean(aid, published), t("unknown_article_hint"))
