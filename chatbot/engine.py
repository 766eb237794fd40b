"""The conversation engine: a pure function of (scenario, state, choice) → the next turn.

State is the path of option indexes from the top (`()` is the first screen), so it
fits in a URL, sessionStorage or a test table, and the same input always gives the
same turn.

`Turn.screen()` is the one shape of "what the customer sees". The shared fixtures in
`tests/fixtures/scenario_walks.yaml` hold expected screens that pytest compares with this
engine and the browser test compares with the widget (`site/static/widget/app.js`, which
navigates on its own for speed), so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chatbot import messages as _messages  # noqa: F401 - registers invalid_choice/_path
from chatbot.model import Node, Scenario
from kb.errors import KbError


class InvalidChoice(KbError, ValueError):
    """The state or choice does not exist in this scenario (stale client, edited file)."""

    status = 400


@dataclass(frozen=True)
class Option:
    index: int
    label: str


@dataclass(frozen=True)
class Turn:
    """What the bot says next and what the customer can do."""

    path: tuple[int, ...]  # the state to send back with the next choice
    labels: tuple[str, ...]  # breadcrumb of chosen labels
    message: str  # greeting on the first screen, else the chosen label
    options: tuple[Option, ...]  # buttons; empty on an ending
    answer: str | None = None  # Markdown
    articles: tuple[str, ...] = ()  # article cards to show
    handoff: bool = False  # this ending offers a person prominently
    can_back: bool = False

    @property
    def is_ending(self) -> bool:
        """A screen with no options below the first one."""
        return not self.options and bool(self.path)

    @property
    def asks_resolved(self) -> bool:
        """An ending asks "해결되었나요?" unless it hands off: then its channels are the
        one next step (the widget shows them and asks nothing more)."""
        return self.is_ending and not self.handoff

    def screen(self) -> dict[str, object]:
        """What the customer sees: the shape the shared walk fixtures and the widget test use."""
        return {
            "message": self.message,
            "options": [option.label for option in self.options],
            "back": self.can_back,
            "home": bool(self.path),  # "처음으로" on every screen but the first
            "answer": bool(self.answer and self.answer.strip()),
            "articles": list(self.articles),
            "handoff": self.handoff,
        }


def _node_at(scenario: Scenario, path: tuple[int, ...]) -> Node | None:
    node = None
    options = scenario.options
    for index in path:
        if not isinstance(index, int) or not 0 <= index < len(options or ()):
            raise InvalidChoice("invalid_path", path=list(path))
        node = options[index]
        options = node.options or ()
    return node


def turn_at(scenario: Scenario, path: tuple[int, ...]) -> Turn:
    """The turn shown at `path`."""
    path = tuple(path)
    node = _node_at(scenario, path)
    labels = []
    options = scenario.options
    for index in path:
        labels.append(options[index].label)
        options = options[index].options or ()
    if node is None:
        return Turn(path=(), labels=(), message=scenario.greeting,
                    options=tuple(Option(i, n.label) for i, n in enumerate(scenario.options)))
    return Turn(
        path=path,
        labels=tuple(labels),
        message=node.label,
        options=tuple(Option(i, n.label) for i, n in enumerate(node.options or ())),
        answer=node.answer,
        articles=(node.article,) if node.article else (),
        handoff=node.handoff,
        can_back=True,
    )


def start(scenario: Scenario) -> Turn:
    """The first screen: greeting and top-level options."""
    return turn_at(scenario, ())


def home(scenario: Scenario) -> Turn:
    """Back to the first screen ("처음으로")."""
    return start(scenario)


def choose(scenario: Scenario, path: tuple[int, ...], choice: int | str) -> Turn:
    """Pick an option of the turn at `path`, by index or by its exact label."""
    current = turn_at(scenario, path)
    for option in current.options:
        if choice == option.index or choice == option.label:
            return turn_at(scenario, (*current.path, option.index))
    where = " > ".join(current.labels)
    raise InvalidChoice("invalid_choice", choice=choice, where=where or "처음 화면",
                        where_en=where or "the first screen")


def back(scenario: Scenario, path: tuple[int, ...]) -> Turn:
    """One level up ("뒤로"); the first screen stays where it is."""
    path = tuple(path)
    turn_at(scenario, path)  # validate
    return turn_at(scenario, path[:-1])


# --- the closest branch: where a question the search was unsure of probably belongs --------
# (one definition: /api/v1/search gives it to the widget, KakaoTalk calls it directly)


def _grams(words: str) -> set[str]:
    squashed = re.sub(r"\s+", "", words or "").lower()
    return {squashed[i:i + 2] for i in range(len(squashed) - 1)}


def closest(scenario: Scenario, query: str, hit_ids: Sequence[str]) -> tuple[int, ...] | None:
    """The scenario node nearest a question the search was unsure of: two points per shared
    two-letter piece of its label, more for an article among the hits (higher ranked, more),
    a branch counting its children; ties go to the shallower, then the earlier node."""
    wanted = _grams(query)
    ids = list(hit_ids)
    best: list[tuple[int, tuple[int, ...]]] = []

    def walk(options: Sequence, path: tuple[int, ...]) -> int:
        total = 0
        for index, node in enumerate(options):
            here = (*path, index)
            if node.handoff and node.options is None and not node.article:
                continue  # the person option is offered anyway
            score = len(ids) - ids.index(node.article) if node.article in ids else 0
            score += 2 * len(_grams(node.label) & wanted)
            if node.options:
                score += walk(node.options, here)
            if score > 0 and (not best or score > best[0][0]
                              or (score == best[0][0] and len(here) < len(best[0][1]))):
                best[:] = [(score, here)]
            total += score
        return total

    walk(scenario.options, ())
    return best[0][1] if best else None
