"""Scenarios as a kind of content: how chatbot plugs into `kb.content.load_content`.

    from chatbot import SCENARIOS, scenarios
    content = load_content(root, kinds=(SCENARIOS,))
    scenarios(content)["main"]  # → Scenario
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from chatbot import messages as _messages  # noqa: F401 - registers chatbot's messages
from chatbot.format import FORMATS
from chatbot.loader import load_scenario
from chatbot.model import Scenario
from chatbot.validate import validate
from kb.core.catalogue import Text, t
from kb.core.problems import Report, did_you_mean

if TYPE_CHECKING:
    from kb.content.kinds import Context
    from kb.content.tree import Content


class ScenarioKind:
    """`content/scenarios/<id>.yaml`: option trees, at most three levels deep."""

    name = "scenarios"
    folder = "scenarios"
    patterns = ("*.yaml", "*.yml")
    formats = FORMATS

    def count(self, n: int) -> Text:
        return t("count_scenarios", n=n)

    def load(self, files: Sequence[Path], context: Context, report: Report
             ) -> dict[str, Scenario]:
        """Load, validate and cross-check every scenario file; site.yaml's widget.scenario too."""
        published, drafts = context.published, context.drafts
        found: dict[str, Scenario] = {}
        for file in files:
            scenario = load_scenario(file, report)
            if scenario is None:
                continue
            if scenario.id in found:
                report.error(scenario.path, 1, t("duplicate_scenario", id=scenario.id,
                                                 other=found[scenario.id].path))
                continue
            validate(scenario, report, article_ids=published, draft_ids=drafts,
                     max_options=context.site.widget.max_options)
            _check_answer_links(scenario, published, report)
            if not scenario.greeting:
                scenario = replace(scenario, greeting=context.site.widget.greeting)
            found[scenario.id] = scenario
        wanted = context.site.widget.scenario
        if found and wanted not in found:
            path, line = context.site_line("scenario:")
            report.error(path, line, t("site_unknown_scenario", id=wanted)
                         + did_you_mean(wanted, found))
        return found


def _check_answer_links(scenario: Scenario, published: frozenset[str], report: Report) -> None:
    """Links inside Markdown answers must go to published articles."""
    answers = [node for _, _, node in scenario.walk() if node.answer]
    if not answers:
        return
    from kb.content.render import render  # Markdown only when a scenario has answers

    for node in answers:
        for ref in render(node.answer).refs:
            if ref.kind == "article" and ref.target not in published:
                report.error(scenario.path, node.line,
                             t("answer_broken_link", label=node.label, src=ref.source)
                             + did_you_mean(ref.target, published),
                             t("unknown_article_hint"))


SCENARIOS = ScenarioKind()


def scenarios(content: Content) -> Mapping[str, Scenario]:
    """The scenarios a content tree loaded with `SCENARIOS`, by id."""
    return content.extras.get(SCENARIOS.name, {})
