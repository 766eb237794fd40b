"""Golden test over the sample content: what it holds, as a reviewable text snapshot.

After an intended content change, refresh with `UPDATE_GOLDEN=1 make test` and review
the diff of tests/golden/sample-content.txt like any other change.
"""

from __future__ import annotations

import os

from chatbot import scenarios
from kb.content.check import summary
from kb.content.tree import Content, load_content
from kbsite.kinds import KINDS
from tests.conftest import ROOT, SAMPLE

GOLDEN = ROOT / "tests" / "golden" / "sample-content.txt"


def snapshot(content: Content) -> str:
    lines = [summary(content, "en"), ""]
    for cat in content.categories.values():
        parent = f" (in {cat.parent})" if cat.parent else ""
        lines.append(f"category {cat.id}{parent}: {cat.name} / {cat.name_en}")
    lines.append("")
    for a in sorted(content.articles.values(), key=lambda a: a.id):
        draft = " [draft]" if a.draft else ""
        lines.append(f"article {a.id} [{a.lang}] {a.category}{draft}: {a.title}")
        lines.append(f"  tags: {', '.join(a.tags)}")
        lines.append(f"  anchors: {', '.join(h.anchor for h in a.toc)}")
        lines.append(f"  links: {', '.join(sorted({r.target or '?' for r in a.refs}))}")
        if not a.draft:
            lines.append(f"  related: {', '.join(r.id for r in content.related(a))}")
    lines.append("")
    for scenario in scenarios(content).values():
        lines.append(f"scenario {scenario.id}: {scenario.title}")
        for labels, depth, node in scenario.walk():
            ending = [f"article={node.article}"] if node.article else []
            ending += ["answer"] if node.answer else []
            ending += ["handoff"] if node.handoff else []
            lines.append("  " * depth + f"- {labels[-1]}" + (f" → {' '.join(ending)}"
                                                             if ending else ""))
    return "\n".join(lines) + "\n"


def test_sample_content_has_no_problems():
    content = load_content(SAMPLE, kinds=KINDS)
    assert [p.format("en") for p in content.problems] == []


def test_sample_content_shape():
    content = load_content(SAMPLE, kinds=KINDS)
    published = content.published()
    assert len(published) >= 40
    assert len(content.published("en")) >= 4
    assert sum(bool(a.questions) for a in published) >= 0.8 * len(published)
    assert {"orders", "delivery", "returns", "repair", "install", "membership", "coupons",
            "receipts"} <= set(content.categories)
    assert {"main", "repair"} <= set(scenarios(content))
    assert any("<table>" in a.html for a in published)
    assert any("<img" in a.html for a in published)
    assert content.synonyms


def test_sample_content_matches_golden():
    actual = snapshot(load_content(SAMPLE, kinds=KINDS))
    if os.environ.get("UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.write_text(actual, "utf-8")
    assert actual == GOLDEN.read_text("utf-8")
