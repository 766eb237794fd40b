"""`Hit.confidence` calibrated on the sample: customer questions clear `CONFIDENT`, off-topic
and half-matching ones do not; "이것을 찾으셨나요?" only for words nobody knows."""

from __future__ import annotations

import pytest

from kb.content.tree import load_content
from kb.search import CONFIDENT, SearchIndex, build_index
from kbsite.kinds import KINDS
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def content():  # noqa: ANN201
    return load_content(SAMPLE, kinds=KINDS)


@pytest.fixture(scope="module")
def searcher(content, tmp_path_factory) -> SearchIndex:  # noqa: ANN001
    root = tmp_path_factory.mktemp("index")
    build_index(content.published(), root, synonyms=content.synonyms)
    return SearchIndex(root)


def test_customer_questions_in_the_sample_clear_the_threshold(content, searcher) -> None:  # noqa: ANN001
    asked = [(q, a) for a in content.published() for q in (a.title, *a.questions)]
    sure = [q for q, a in asked
            if (hits := searcher.search(q, 3, lang=a.lang)) and hits[0].id == a.id
            and hits[0].confidence >= CONFIDENT]
    assert len(sure) / len(asked) >= 0.95, len(sure)


@pytest.mark.parametrize("query", ["냉장고 소리", "냉장고 소음", "비밀번호 변경 노트북 추천"])
def test_half_matching_queries_are_not_sure(searcher, query) -> None:  # noqa: ANN001
    hits = searcher.search(query, 3, lang="ko")
    assert hits and hits[0].confidence < CONFIDENT
    assert all(0.0 <= h.confidence <= 1.0 for h in hits)


@pytest.mark.parametrize(("query", "article"), [
    ("환불은 어떻게 신청하나요", "refund-request"), ("배송조회", "delivery-tracking"),
    ("택배 안와요", "delivery-delay"), ("반품하고 싶어요", "return-request")])
def test_clear_questions_are_sure(searcher, query, article) -> None:  # noqa: ANN001
    top = searcher.search(query, 3, lang="ko")[0]
    assert (top.id, top.confidence >= CONFIDENT) == (article, True)


@pytest.mark.parametrize(("query", "expected"), [
    ("환뷸", "환불"), ("냉장고 소리", None), ("배송조회", None)])
def test_did_you_mean_only_for_unknown_words(searcher, query, expected) -> None:  # noqa: ANN001
    assert searcher.did_you_mean(query) == expected
