"""`kb check`: every problem in a content tree, errors and warnings apart, then a summary."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kb.content.kinds import Kind
from kb.content.tree import Content, load_content
from kb.core.catalogue import t
from kb.core.problems import Problem


def check(root: Path, kinds: Sequence[Kind] = ()) -> Content:
    """Load and validate the tree at `root` (no search machinery is imported)."""
    return load_content(root, kinds=kinds, workers=os.cpu_count() or 1)


def summary(content: Content, lang: str = "ko") -> str:
    """`48 articles, 2 scenarios: 0 errors, 1 warning` (or its Korean)."""
    counts = [t("count_articles", n=content.article_files)]
    counts += [kind.count(content.kind_files.get(kind.name, 0)) for kind in content.kinds]
    e, w = len(content.errors), len(content.warnings)
    found = [t("count_errors", n=e), t("count_warnings", n=w)]
    return (", ".join(c.get(lang) for c in counts) + ": "
            + ", ".join(c.get(lang) for c in found))


def format_report(content: Content, lang: str = "ko") -> str:
    """The whole report as `kb check` prints it."""
    lines: list[str] = []
    sections: list[tuple[str, list[Problem]]] = [
        (t("check_errors").get(lang), content.errors),
        (t("check_warnings").get(lang), content.warnings),
    ]
    for title, problems in sections:
        if problems:
            lines.append(f"{title}:")
            lines.extend(p.format(lang) for p in problems)
            lines.append("")
    lines.append(summary(content, lang))
    return "\n".join(lines)


def failed(content: Content, strict: bool = False) -> bool:
    """Whether `kb check` exits 1: on errors, and on warnings too when strict."""
    return bool(content.errors) or (strict and bool(content.warnings))
