"""`kb check`: every problem in a content tree, errors and warnings apart, then a summary."""

from __future__ import annotations

import os
from pathlib import Path

from kb.content import Content, load_content
from kb.problems import Problem


def check(root: Path) -> Content:
    """Load and validate the tree at `root` (no search machinery is imported)."""
    return load_content(root, workers=os.cpu_count() or 1)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(content: Content, lang: str = "ko") -> str:
    """`48 articles, 2 scenarios: 0 errors, 1 warning` (or its Korean)."""
    a, s = content.article_files, content.scenario_files
    e, w = len(content.errors), len(content.warnings)
    if lang == "en":
        return (f"{_count(a, 'article', 'articles')}, {_count(s, 'scenario', 'scenarios')}: "
                f"{_count(e, 'error', 'errors')}, {_count(w, 'warning', 'warnings')}")
    return f"문서 {a}개, 시나리오 {s}개: 오류 {e}개, 경고 {w}개"


def format_report(content: Content, lang: str = "ko") -> str:
    """The whole report as `kb check` prints it."""
    lines: list[str] = []
    sections: list[tuple[str, list[Problem]]] = [
        ("Errors" if lang == "en" else "오류", content.errors),
        ("Warnings" if lang == "en" else "경고", content.warnings),
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
