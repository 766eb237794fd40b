"""A scenario: a tree of options, at most three levels deep, each ending somewhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """One option (button). A branch has `options`; a leaf ends in an answer/article/handoff."""

    label: str
    line: int
    options: tuple[Node, ...] | None = None  # None: a leaf; (): an empty branch (an error)
    answer: str | None = None
    article: str | None = None
    handoff: bool = False
    article_line: int = 0

    @property
    def is_branch(self) -> bool:
        return self.options is not None

    @property
    def has_ending(self) -> bool:
        return bool(self.answer and self.answer.strip()) or bool(self.article) or self.handoff


@dataclass(frozen=True)
class Scenario:
    """A chatbot scenario from `content/scenarios/<id>.yaml`."""

    id: str
    path: str
    title: str
    greeting: str
    options: tuple[Node, ...]
    lang: str | None = None
    digest: str = ""

    def walk(self):  # noqa: ANN201 - a generator of (label path, depth, node)
        """Every node with its label path and depth (a top-level option is depth 1)."""
        stack = [((n.label,), 1, n) for n in reversed(self.options)]
        while stack:
            labels, depth, node = stack.pop()
            yield labels, depth, node
            for child in reversed(node.options or ()):
                stack.append(((*labels, child.label), depth + 1, child))
