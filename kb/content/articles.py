"""Reading one article file: front matter checked against the schema, body kept as source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.content import formats
from kb.core import schema
from kb.core.schema import id_hint
from kb.core.files import display_path, read_text, split_front_matter
from kb.core.problems import Report, Text, t
from kb.core.yamlsrc import Loc, parse


@dataclass(frozen=True)
class ArticleSource:
    """An article file whose front matter parsed: values, body, and where things are."""

    file: Path
    path: str
    values: dict[str, Any]
    loc: Loc
    body: str
    body_line: int
    digest: str

    def line(self, key: str) -> int:
        return self.loc.key_line(key)


def read_article(file: Path, report: Report) -> ArticleSource | None:
    """Parse one article file, reporting every problem in its front matter."""
    path = display_path(file)
    read = read_text(file, path, report)
    if read is None:
        return None
    text, digest = read
    split = split_front_matter(text)
    if split is None:
        if text.lstrip("\ufeff").startswith("---"):
            report.error(path, 1, t("front_matter_unclosed"), t("front_matter_hint"))
        else:
            report.error(path, 1, t("front_matter_missing"), t("front_matter_hint"))
        return None
    meta, body, body_line = split
    doc = parse(meta, path, report, offset=1)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        report.error(path, doc.loc.line if doc.data is not None else 1,
                     t("front_matter_not_mapping", found=schema.describe(doc.data).ko,
                       found_en=schema.describe(doc.data).en),
                     t("front_matter_hint"))
        return None
    values, _ = schema.read(doc.data, doc.loc, formats.ARTICLE, path, report,
                            what=Text("front matter", "front matter"))
    if values["id"] is None:
        values["id"] = file.stem
    elif values["id"] != file.stem and schema.ID_RE.match(values["id"]):
        report.warning(path, doc.loc.key_line("id"),
                       t("id_not_stem", id=values["id"], stem=file.stem))
    if not schema.ID_RE.match(values["id"]):
        line = doc.loc.key_line("id") if "id" in doc.data else 1
        report.error(path, line, t("bad_id", id=values["id"]), id_hint(values["id"]))
    for alias in values["aliases"]:
        if not schema.ID_RE.match(alias):
            report.error(path, doc.loc.key_line("aliases"), t("bad_alias", id=alias),
                         id_hint(alias))
    if values["title"] is not None and not values["title"]:
        report.error(path, doc.loc.key_line("title"), t("empty_title"))
    if not values["summary"]:
        report.warning(path, doc.loc.key_line("summary") if "summary" in doc.data else doc.loc.line,
                       t("no_summary"), t("no_summary_hint"))
    return ArticleSource(file, path, values, doc.loc, body, body_line, digest)


def find_line(body: str, body_line: int, needle: str, start: int = 0) -> tuple[int, int]:
    """(file line, index in body) of `needle` at or after `start`; the body's line if absent."""
    index = body.find(needle, start)
    if index < 0:
        index = body.find(needle)
    if index < 0:
        return body_line, start
    return body_line + body.count("\n", 0, index), index + 1
