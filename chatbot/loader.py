"""Loading scenario YAML into a Node tree, keeping the line of every option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chatbot import format
from chatbot.model import Node, Scenario
from kb.core import schema
from kb.core.files import display_path, read_text
from kb.core.problems import Report, Text, t
from kb.core.schema import id_hint
from kb.core.yamlsrc import Loc, parse

_NODE_WHAT = Text("선택지", "option")


def load_scenario(file: Path, report: Report) -> Scenario | None:
    """Parse one scenario file; structure and type problems go to `report`."""
    path = display_path(file)
    read = read_text(file, path, report)
    if read is None:
        return None
    text, digest = read
    if not schema.ID_RE.match(file.stem):
        report.error(path, 1, t("bad_scenario_id", id=file.stem), id_hint(file.stem))
    doc = parse(text, path, report)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        report.error(path, doc.loc.line,
                     t("not_mapping", what="시나리오", what_en="scenario"),
                     t("scenario_hint"))
        return None
    values, bad = schema.read(doc.data, doc.loc, format.SCENARIO, path, report,
                              what=Text("시나리오", "scenario"))
    if "options" in bad:
        return None
    options_loc = doc.loc.get("options")
    options = _nodes(values["options"], options_loc, path, report)
    return Scenario(
        id=file.stem,
        path=path,
        title=values["title"] or file.stem,
        greeting=values["greeting"],
        options=options,
        lang=values["lang"],
        digest=digest,
    )


def _nodes(items: list[Any], loc: Loc, path: str, report: Report) -> tuple[Node, ...]:
    nodes = []
    for index, item in enumerate(items):
        item_loc = loc.item(index)
        if not isinstance(item, dict):
            report.error(path, item_loc.line,
                         t("option_not_mapping", found=schema.describe(item).ko,
                           found_en=schema.describe(item).en),
                         t("option_not_mapping_hint"))
            continue
        values, bad = schema.read(item, item_loc, format.NODE, path, report, what=_NODE_WHAT)
        if "label" in bad:
            continue
        children = None
        if values["options"] is not None:
            children = _nodes(values["options"], item_loc.get("options"), path, report)
        nodes.append(Node(
            label=values["label"],
            line=item_loc.key_line("label"),
            options=children,
            answer=values["answer"],
            article=values["article"],
            handoff=values["handoff"],
            article_line=item_loc.key_line("article"),
        ))
    return tuple(nodes)
