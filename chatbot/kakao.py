"""`kb check --target kakao`: every scenario node and article summary that KakaoTalk would
show degraded, as `path:line: [kakao:<rule>] message`, the rule named after its limit in
`kakao_limits.yaml`.

It plugs into `kb.content.load_content` through the kinds seam (`kb.content.kinds`), like
`chatbot.SCENARIOS`, but only when asked for: the web layer composes it for `kb check
--target kakao` (`kakao_check(strict)`). It measures with what `chatbot.skill` builds
responses with (`quick_layout`, `navigation`, `plain`), so the check and the replies agree.
Warnings by default; errors with `--strict`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chatbot import kakao_messages as _messages  # noqa: F401 - registers kakao_*
from chatbot.engine import turn_at
from chatbot.kakao_limits import plain, shorten
from chatbot.loader import load_scenario
from chatbot.model import Node, Scenario
from chatbot.skill import Style, navigation, quick_layout
from chatbot.validate import SEP
from kb.core.catalogue import Text, t
from kb.core.problems import Report

if TYPE_CHECKING:
    from kb.content.kinds import Context
    from kb.content.models import Article


class KakaoCheck:
    """A kind over `content/scenarios/` that loads nothing of its own: it reports what
    KakaoTalk would degrade, in scenarios and in article summaries."""

    name = "kakao"
    folder = "scenarios"
    patterns = ("*.yaml", "*.yml")
    formats: dict = {}

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict

    def count(self, n: int) -> Text:
        return t("kakao_count", n=n)

    def load(self, files: Sequence[Path], context: Context, report: Report) -> dict:
        style = Style(base_url=context.site.base_url)
        say = report.error if self.strict else report.warning
        for file in files:
            scenario = load_scenario(file, Report())  # its own problems: the scenarios kind's
            if scenario is not None:
                check_scenario(scenario, style, say)
        for article in sorted(context.articles.values(), key=lambda a: a.path):
            if not article.draft:
                check_summary(article, style, say)
        return {}


def kakao_check(strict: bool = False) -> KakaoCheck:
    """The KakaoTalk check as a kind (`strict`: its findings are errors)."""
    return KakaoCheck(strict)


def _screens(scenario: Scenario) -> Iterator[tuple[tuple[int, ...], tuple[str, ...],
                                                    tuple[Node, ...]]]:
    """(index path, label path, options) of every screen with options, top first."""
    stack: list[tuple[tuple[int, ...], tuple[str, ...], tuple[Node, ...]]] = [
        ((), (), scenario.options)]
    while stack:
        path, labels, options = stack.pop()
        yield path, labels, options
        for index in reversed(range(len(options))):
            node = options[index]
            if node.options:
                stack.append(((*path, index), (*labels, node.label), node.options))


def check_scenario(scenario: Scenario, style: Style, say) -> None:  # noqa: ANN001
    """Labels over the limit, screens whose options spill into "더보기", long answers."""
    rules = style.rules
    label_max, text_max = rules.max("label"), rules.max("simple_text")
    for path, labels, options in _screens(scenario):
        try:
            turn = turn_at(scenario, path)
        except ValueError:  # a broken tree: the scenarios kind reports it
            continue
        nav = len(navigation(scenario, turn, style))
        shown, more = quick_layout(len(options), nav, rules.max("quick_replies"))
        if more:
            where = SEP.join(labels)
            say(scenario.path, options[shown].line,
                t("kakao_options", path=where or "(처음 화면)", path_en=where or "(top level)",
                  count=len(options), max=rules.max("quick_replies"), nav=nav, shown=shown),
                t("kakao_options_hint", fit=rules.max("quick_replies") - nav))
        for node in options:
            if len(node.label) > label_max:
                say(scenario.path, node.line,
                    t("kakao_label", label=node.label, length=len(node.label), max=label_max,
                      shown=shorten(node.label, label_max)),
                    t("kakao_label_hint", max=label_max))
            if node.answer and node.answer.strip():
                length = len(plain(node.answer, style.base_url))
                if length > text_max:
                    say(scenario.path, node.line,
                        t("kakao_answer", path=SEP.join((*labels, node.label)), length=length,
                          max=text_max), t("kakao_answer_hint"))


def summary_line(article: Article) -> int:
    """The line of `summary:` in the article's front matter (1 if it cannot be found)."""
    try:
        lines = Path(article.file).read_text("utf-8", errors="replace").split("\n")
    except OSError:
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.startswith("summary:"):
            return number
    return 1


def check_summary(article: Article, style: Style, say) -> None:  # noqa: ANN001
    """A summary longer than a card's description is cut in KakaoTalk."""
    limit = style.rules.max("card_description")
    if len(article.summary) > limit:
        say(article.path, summary_line(article),
            t("kakao_summary", length=len(article.summary), max=limit),
            t("kakao_summary_hint", max=limit))
