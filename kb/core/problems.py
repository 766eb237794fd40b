"""Problems found in content: `path:line: message`, bilingual, with a hint.

`Text` and `t` come from the catalogue (`kb.core.catalogue`) and are re-exported here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from kb.core import messages as _messages  # noqa: F401 - registers the core messages
from kb.core.catalogue import Text, t

__all__ = ["Problem", "Problems", "Report", "Text", "did_you_mean", "suggest", "t"]


def suggest(value: object, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to `value`, if any is close enough."""
    if not isinstance(value, str):
        return None
    choices = list(choices)
    # A bare child tag ("환불") most likely means its full path ("결제/환불").
    tails = [c for c in choices if c.rsplit("/", 1)[-1] == value]
    if tails:
        return tails[0]
    found = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in choices}
        found = [lowered[value.lower()]] if value.lower() in lowered else []
    return found[0] if found else None


def did_you_mean(value: object, choices: Iterable[str]) -> Text:
    """` (did you mean 'x'?)` when a choice is close to `value`, else nothing."""
    match = suggest(value, choices)
    return t("did_you_mean", value=match) if match else Text("", "")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one line."""

    path: str
    line: int
    message: Text
    hint: Text | None = None
    severity: str = "error"  # "error" fails `kb check`; "warning" only with --strict

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, lang: str = "ko") -> str:
        """`path:line: message`, then the hint on an indented line."""
        text = f"{self.path}:{self.line}: {self.message.get(lang)}"
        if self.hint is not None:
            text += "\n    " + t("hint_prefix").get(lang) + self.hint.get(lang)
        return text


class Problems:
    """Errors and warnings apart, for anything holding `problems`."""

    problems: Iterable[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class Report(Problems):
    """Collects problems for one content tree, with the display path of each file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, line: int, message: Text, hint: Text | None = None) -> None:
        self.problems.append(Problem(path, line, message, hint, "error"))

    def warning(self, path: str, line: int, message: Text, hint: Text | None = None) -> None:
        self.problems.append(Problem(path, line, message, hint, "warning"))

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.path, p.line))
