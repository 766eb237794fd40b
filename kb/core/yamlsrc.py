"""YAML that remembers where things are: safe loading plus line numbers for every node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from kb.core.problems import Report, t

# libyaml's loader is ~10× faster and still gives every node its line; PyYAML without
# libyaml falls back to the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Loc:
    """A YAML node and the file line its text starts on (1-based)."""

    node: yaml.Node
    offset: int  # lines before the YAML text in its file (front matter starts after ---)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1 + self.offset

    def _pairs(self) -> list[tuple[yaml.Node, yaml.Node]]:
        return self.node.value if isinstance(self.node, yaml.MappingNode) else []

    def key_line(self, key: str) -> int:
        """The line of `key` in this mapping, or this node's line."""
        for k, _ in self._pairs():
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k.start_mark.line + 1 + self.offset
        return self.line

    def get(self, key: str) -> Loc | None:
        """The value node under `key`, if this is a mapping that has it."""
        for k, v in self._pairs():
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return Loc(v, self.offset)
        return None

    def item(self, index: int) -> Loc:
        """The `index`-th element of this sequence (this node if out of range)."""
        if isinstance(self.node, yaml.SequenceNode) and index < len(self.node.value):
            return Loc(self.node.value[index], self.offset)
        return self


@dataclass(frozen=True)
class Doc:
    """Plain Python data and the node tree it came from."""

    data: Any
    loc: Loc


def parse(text: str, path: str, report: Report, offset: int = 0) -> Doc | None:
    """Safely load one YAML document; report tabs, syntax errors and duplicate keys."""
    tabbed = False
    for number, raw in enumerate(text.splitlines(), start=1 + offset):
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent:
            report.error(path, number, t("yaml_tab"), t("yaml_tab_hint"))
            tabbed = True
    if tabbed:
        return None
    loader = SafeLoader(text)
    node = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError:
        _report_syntax(text, path, report, offset)
        return None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # 2026-13-01, unhashable keys
        bad = _bad_scalar(node) if node is not None else None
        line = bad.start_mark.line + 1 + offset if bad is not None else 1 + offset
        report.error(path, line, t("yaml_bad_value", problem=str(exc)),
                     t("hint_date") if bad is not None else None)
        return None
    finally:
        loader.dispose()
    if node is None:
        node = yaml.ScalarNode("tag:yaml.org,2002:null", "", yaml.Mark(path, 0, 0, 0, None, None))
    _check_duplicate_keys(node, path, report, offset)
    return Doc(data, Loc(node, offset))


def _report_syntax(text: str, path: str, report: Report, offset: int) -> None:
    """Report a syntax error as the pure-Python parser words it (clearer than libyaml's)."""
    try:
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = max(text.count("\n"), 0)  # the error at end of text belongs to its last line
        line = min(mark.line, last) + 1 + offset if mark else 1 + offset
        column = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "").strip()
        report.error(path, line, t("yaml_syntax", column=column, problem=problem),
                     t("yaml_syntax_hint"))
    except yaml.YAMLError as exc:
        report.error(path, 1 + offset, t("yaml_syntax", column=1, problem=str(exc)),
                     t("yaml_syntax_hint"))


def _bad_scalar(node: yaml.Node) -> yaml.Node | None:
    """The first date-looking scalar that is not a real date (e.g. 2026-13-01)."""
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode) and current.tag.endswith(":timestamp"):
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(current)
            except ValueError:
                return current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(v for pair in current.value for v in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _check_duplicate_keys(node: yaml.Node, path: str, report: Report, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1 + offset
                if key.value in seen:
                    report.error(
                        path, line, t("yaml_duplicate_key", key=key.value, other=seen[key.value])
                    )
                seen.setdefault(key.value, line)
            _check_duplicate_keys(value, path, report, offset)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_duplicate_keys(child, path, report, offset)
