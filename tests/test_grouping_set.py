"""The grouping benchmark's labelled set keeps its shape (benchmarks/data/grouping_set.yaml).

Only PyYAML: the benchmark's scikit-learn baseline is not needed to keep the data honest.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from tests.conftest import ROOT

SET = ROOT / "benchmarks" / "data" / "grouping_set.yaml"


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(SET.read_text(encoding="utf-8"))


def test_provenance_note_comes_first() -> None:
    head = SET.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert head.startswith("#")
    assert "written by hand for the Answerloop project" in head
    assert "CC0" in head


def test_questions(data: dict) -> None:
    questions = data["questions"]
    assert len(questions) >= 32
    ids = Counter(q["id"] for q in questions)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [q["id"] for q in questions if not 4 <= len(q["wordings"]) <= 7] == []
    assert [q["id"] for q in questions if not str(q.get("category") or "").strip()] == []
    assert 8 <= len({q["category"] for q in questions}) <= 10


def test_wordings_are_unique_and_counted(data: dict) -> None:
    wordings = [w for q in data["questions"] for w in q["wordings"]]
    texts = Counter(w["text"] for w in wordings)
    assert [t for t, n in texts.items() if n > 1] == []
    assert [w["text"] for w in wordings if not str(w["text"]).strip()] == []
    assert [w for w in wordings if type(w["count"]) is not int or not 1 <= w["count"] <= 12] == []
    assert len({w["count"] for w in wordings}) >= 6  # varied, not all 1


def test_articles(data: dict) -> None:
    articles = data["articles"]
    assert 12 <= len(articles) <= 20
    ids = Counter(a["id"] for a in articles)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [a["id"] for a in articles if not (a["title"] and a["summary"] and a["questions"])] == []
    answered = [q["article"] for q in data["questions"] if q.get("article")]
    assert sorted(set(answered) - set(ids)) == []
    # Most questions have an article, not all: the matcher must also meet questions without one.
    assert len(data["questions"]) / 2 < len(answered) < len(data["questions"])
