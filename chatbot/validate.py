"""Scenario rules: depth ≤ 3, every leaf ends, known articles, unique and short labels."""

from __future__ import annotations

from collections.abc import Collection

from chatbot.model import Node, Scenario
from kb.core.problems import Report, did_you_mean, t

MAX_DEPTH = 3
MAX_LABEL = 40
SEP = " > "


def validate(
    scenario: Scenario,
    report: Report,
    *,
    article_ids: Collection[str],
    draft_ids: Collection[str] = (),
    max_options: int = 10,
) -> None:
    """Report every rule a scenario breaks, each at the line of the option concerned."""
    path = scenario.path
    if not scenario.options:
        report.error(path, 1, t("scenario_no_options"), t("scenario_hint"))
        return
    _siblings(scenario.options, "", path, report, max_options)
    too_deep: list[tuple[str, ...]] = []
    handoff = False
    for labels, depth, node in scenario.walk():
        if any(labels[: len(p)] == p for p in too_deep):
            continue  # already reported at its ancestor
        where = SEP.join(labels)
        if depth > MAX_DEPTH:
            too_deep.append(labels)
            report.error(path, node.line, t("too_deep", label=node.label, depth=depth,
                                            path=where, max=MAX_DEPTH), t("too_deep_hint"))
            continue
        handoff = handoff or node.handoff
        if len(node.label) > MAX_LABEL:
            report.error(path, node.line,
                         t("label_too_long", label=node.label, length=len(node.label),
                           max=MAX_LABEL), t("label_too_long_hint"))
        if node.is_branch:
            if node.has_ending:
                report.error(path, node.line, t("branch_and_ending", path=where),
                             t("branch_and_ending_hint"))
            if not node.options:
                report.error(path, node.line, t("empty_branch", path=where), t("dead_end_hint"))
            else:
                _siblings(node.options, where, path, report, max_options)
        elif not node.has_ending:
            report.error(path, node.line, t("dead_end", path=where), t("dead_end_hint"))
        if node.article:
            _check_article(node, where, path, report, article_ids, draft_ids)
    if not handoff:
        report.warning(path, 1, t("no_handoff"), t("no_handoff_hint"))


def _siblings(nodes: tuple[Node, ...], where: str, path: str, report: Report,
              max_options: int) -> None:
    if len(nodes) > max_options:
        report.error(path, nodes[max_options].line,
                     t("too_many_options", path=where or "(처음 화면)",
                       path_en=where or "(top level)", count=len(nodes), max=max_options),
                     t("too_many_options_hint"))
    seen: dict[str, int] = {}
    for node in nodes:
        if node.label in seen:
            report.error(path, node.line,
                         t("duplicate_label", label=node.label, other=seen[node.label]),
                         t("duplicate_label_hint"))
        seen.setdefault(node.label, node.line)


def _check_article(node: Node, where: str, path: str, report: Report,
                   article_ids: Collection[str], draft_ids: Collection[str]) -> None:
    if node.article in draft_ids:
        report.warning(path, node.article_line,
                       t("option_draft_article", label=node.label, id=node.article))
    elif node.article not in article_ids:
        report.error(path, node.article_line,
                     t("option_unknown_article", label=node.label, id=node.article)
                     + did_you_mean(node.article, article_ids), t("unknown_article_hint"))
