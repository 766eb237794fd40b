"""The seam through which another package adds a kind of content file to the tree.

`kb` never imports `chatbot`: chatbot hands its scenarios in as a `Kind`, the way an MkDocs
plugin or a Datasette hook adds behaviour the core does not know about:

    load_content(root, kinds=(chatbot.SCENARIOS,))

A kind names its folder and file patterns, loads and validates its files against the rest
of the tree (the `Context`), reports problems into the shared `Report`, and documents its
formats. Loaded items land in `Content.extras[kind.name]`, keyed by id; an item whose file
has errors keeps its last good version, as articles do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kb.content.models import Article, Site
from kb.core.catalogue import Text
from kb.core.problems import Report
from kb.core.schema import Field


class Item(Protocol):
    """What the tree needs of a loaded item: its id and the file it came from."""

    id: str
    path: str


@dataclass(frozen=True)
class Context:
    """What a kind may check its items against: the site settings and the articles."""

    root: Path
    site: Site
    articles: Mapping[str, Article]  # drafts included
    unreadable: frozenset[str]  # stems of article files that did not parse: links not reported

    @property
    def published(self) -> frozenset[str]:
        """Ids a link or option may point at (unreadable files count: reported already)."""
        return frozenset(a for a, art in self.articles.items() if not art.draft) | self.unreadable

    @property
    def drafts(self) -> frozenset[str]:
        return frozenset(a for a, art in self.articles.items() if art.draft)

    def site_line(self, needle: str) -> tuple[str, int]:
        """(display path, line) of the first line of site.yaml containing `needle`."""
        from kb.core.files import display_path

        file = self.root / "site.yaml"
        try:
            lines = file.read_text("utf-8", errors="replace").split("\n")
        except OSError:
            lines = []
        found = next((n for n, line in enumerate(lines, start=1) if needle in line), 1)
        return display_path(file), found


class Kind(Protocol):
    """A kind of content file another package adds (see the module docstring)."""

    name: str  # key in Content.extras, e.g. "scenarios"
    folder: str  # under the content root
    patterns: tuple[str, ...]  # globs inside the folder, e.g. ("*.yaml", "*.yml")
    formats: Mapping[str, tuple[Field, ...]]  # documented tables, e.g. {"scenario": …}

    def count(self, n: int) -> Text:
        """`시나리오 2개` / `2 scenarios`, for the `kb check` summary."""
        ...

    def load(self, files: Sequence[Path], context: Context, report: Report
             ) -> dict[str, Any]:
        """Every file loaded and checked; problems go to `report`; items by id."""
        ...


def files_of(root: Path, kind: Kind) -> list[Path]:
    """The kind's files under `root`, sorted."""
    folder = root / kind.folder
    return sorted({f for pattern in kind.patterns for f in folder.glob(pattern)})
