"""What the CS report counts beyond tags: risk types and praise (`risks.yaml`), products and
their groups (`products.yaml`), and today's name for an old tag (`tags.yaml`'s `was:`).

Both files are optional. Every problem is reported at its line; a tag that is not in
tags.yaml gets a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kb.content import formats
from kb.content.models import Product, Reporting, RiskType
from kb.content.settings import load_yaml
from kb.core import schema
from kb.core.problems import Report, Text, did_you_mean, t
from kb.core.yamlsrc import Loc


def load_reporting(root: Path, tags: Sequence[str], report: Report) -> Reporting:
    """`risks.yaml` checked against the tags; no file means no risk types."""
    path, doc = load_yaml(root / "risks.yaml", report)
    if doc is None or doc.data is None:
        return Reporting()
    if not isinstance(doc.data, dict):
        report.error(path, doc.loc.line, t("not_mapping", what="risks.yaml", what_en="risks.yaml"),
                     t("risks_hint"))
        return Reporting()
    values, _ = schema.read(doc.data, doc.loc, formats.REPORTING, path, report,
                            what=Text("risks.yaml", "risks.yaml"))
    risks: list[RiskType] = []
    lines: dict[str, int] = {}
    for index, item in enumerate(values["risks"] or ()):
        loc = (doc.loc.get("risks") or doc.loc).item(index)
        risk = _risk(item, loc, formats.RISK, tags, path, report, Text("위험 유형", "risk type"))
        if risk is None:
            continue
        if risk.name in lines:
            report.error(path, loc.key_line("name"),
                         t("risk_twice", name=risk.name, other=lines[risk.name]))
            continue
        lines[risk.name] = loc.key_line("name")
        risks.append(risk)
    praise = None
    if values["praise"] is not None:
        praise = _risk(values["praise"], doc.loc.get("praise") or doc.loc, formats.PRAISE, tags,
                       path, report, Text("praise", "praise"))
    returns = _known_tags(values["returns"], doc.loc, "returns", tags, path, report)
    return Reporting(tuple(risks), praise, returns)


def _risk(item: Any, loc: Loc, fields: tuple[schema.Field, ...], tags: Sequence[str],
          path: str, report: Report, what: Text) -> RiskType | None:
    if not isinstance(item, dict):
        report.error(path, loc.line, t("not_mapping", what=what.ko, what_en=what.en))
        return None
    before = len(report.errors)
    values, _ = schema.read(item, loc, fields, path, report, what=what)
    if len(report.errors) != before:
        return None
    values["words"] = tuple(w for w in values["words"] if w)
    if not values["tags"] and not values["words"]:
        report.error(path, loc.line, t("risk_empty", name=values["name"]), t("risk_empty_hint"))
        return None
    values["tags"] = _known_tags(values["tags"], loc, "tags", tags, path, report)
    return RiskType(**values) if len(report.errors) == before else None


def _known_tags(names: Sequence[str], loc: Loc, key: str, tags: Sequence[str], path: str,
                report: Report) -> tuple[str, ...]:
    """The names that are tags; each other one reported at its own line."""
    known = []
    items = loc.get(key)
    for index, name in enumerate(names):
        if name in tags:
            known.append(name)
        else:
            line = items.item(index).line if items is not None else loc.key_line(key)
            report.error(path, line, t("unknown_tag", value=name) + did_you_mean(name, tags),
                         t("tag_hint"))
    return tuple(known)


def load_products(root: Path, report: Report) -> dict[str, Product]:
    """`products.yaml`: name → product, in file order; names, codes and aliases unique."""
    path, doc = load_yaml(root / "products.yaml", report)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, list):
        report.error(path, doc.loc.line, t("products_not_list"), t("products_hint"))
        return {}
    found: dict[str, Product] = {}
    taken: dict[str, tuple[str, int]] = {}  # match key → (product, line)
    for index, item in enumerate(doc.data):
        loc = doc.loc.item(index)
        if not isinstance(item, dict):
            report.error(path, loc.line, t("not_mapping", what="제품", what_en="product"),
                         t("products_hint"))
            continue
        before = len(report.errors)
        values, _ = schema.read(item, loc, formats.PRODUCT, path, report,
                                what=Text("제품", "product"))
        if len(report.errors) != before:
            continue
        product = Product(**values)
        clashes = [(w, taken[product_key(w)]) for w in _words(product)
                   if product_key(w) in taken]
        for word, (other, line) in clashes:
            report.error(path, loc.line, t("product_twice", word=word, name=product.name,
                                           other=other, line=line))
        if clashes:
            continue
        for word in _words(product):
            taken[product_key(word)] = (product.name, loc.line)
        found[product.name] = product
    return found


def _words(product: Product) -> list[str]:
    words = [product.name, *([product.code] if product.code else []), *product.aliases]
    return list(dict.fromkeys(w for w in words if w))


def product_key(value: str) -> str:
    """How product names compare: case and spaces ignored ("LG 냉장고" = "lg냉장고")."""
    return "".join(value.split()).casefold()


def product_index(products: Mapping[str, Product]) -> dict[str, Product]:
    """Every name, code and alias (as `product_key`) → its product."""
    return {product_key(word): p for p in products.values() for word in _words(p)}


def tag_now(tags: Sequence[str], renames: Mapping[str, str], old: str) -> str:
    """Today's tag for `old`: itself if current, its renamed tag, the one current tag with
    that child name, or (for an old parent) the same child under the new parent; unknown
    names come back as written."""
    name = old.strip()
    if name in tags:
        return name
    if name in renames:
        return renames[name]
    children = [tag for tag in tags if "/" in tag and tag.rsplit("/", 1)[1] == name]
    if len(children) == 1:
        return children[0]
    parent, _, child = name.partition("/")
    if child and parent in renames:
        moved = f"{renames[parent]}/{child}"
        return moved if moved in tags else renames[parent]
    return old
