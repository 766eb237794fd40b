"""Draft articles written from the write-next queue (`kb new-article --from-gap N`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.insights.gaps import Gap
from kb.text.romanize import anchor_slug


def write_stub(content: Path, gap: Gap) -> Path:
    """A `draft: true` article whose `questions:` are the group's phrasings."""
    slug = anchor_slug(gap.question)[:60].strip("-") or "new-article"
    folder = content / "articles" / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / f"{slug}.md", 2
    while path.exists():
        path, n = folder / f"{slug}-{n}.md", n + 1
    questions = "".join(f"  - {_quote(q)}\n" for q, _ in gap.ranked_phrasings[:8])
    path.write_text(
        "---\n"
        f"title: {_quote(gap.question)}\n"
        "category: orders  # TODO: pick the right category from categories.yaml\n"
        "summary: TODO 한두 문장 요약\n"
        f"questions:\n{questions}"
        f"updated: {dt.date.today().isoformat()}\n"
        "draft: true\n"
        "---\n"
        f"<!-- question group {gap.key}: {gap.count} asks in the period; sources: "
        f"{', '.join(f'{k} {v}' for k, v in gap.ranked_sources)} -->\n\n"
        "## 답변\n\n1. TODO\n", "utf-8")
    return path


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
