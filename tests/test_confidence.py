"""`Hit.confidence` calibrated on the sample: customer questions clear `CONFIDENT`, off-topic
and half-matching ones do not; "이것을 찾으셨나요?" only for words nobody knows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kb.content.models import Article
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


def _article(aid: str, title: str, body: str, *questions: str) -> Article:
    return Article(id=aid, title=title, category="orders", path=aid, file=Path(f"{aid}.md"),
                   body=body, body_line=1, digest=hashlib.sha1(f"{aid}{body}".encode()).hexdigest(),
                   html=f"<p>{body}</p>", lang="ko", questions=questions)


@pytest.fixture(scope="module")
def delivery_app(tmp_path_factory) -> SearchIndex:  # noqa: ANN001
    root = tmp_path_factory.mktemp("delivery")
    build_index([
        _article("payment-methods", "결제수단 등록과 변경",
                 "내 정보 > 결제수단에서 카드를 등록하고 삭제할 수 있어요.", "카드를 등록하고 싶어요"),
        _article("missing-item", "주문한 음식 중 일부가 오지 않았어요",
                 "누락된 메뉴는 주문 상세에서 사진과 함께 신고해 주세요.", "메뉴가 누락되어 배달됐어요"),
        _article("exchange", "교환 신청하기", "다른 색상이나 사이즈로 바꿀 수 있어요.",
                 "다른 색상으로 교환하고 싶어요"),
        _article("not-received", "배달 완료인데 음식을 받지 못했어요",
                 "배달 완료 사진을 확인하고 1시간 안에 신고해 주세요.", "음식이 안 왔어요"),
    ], root)
    return SearchIndex(root)


@pytest.mark.parametrize(("query", "article"), [
    ("결제가 두 번 됐어요", "payment-methods"),  # 두 번: no article says it
    ("다른 메뉴가 왔어요", "missing-item"),  # 다른: nor this
    ("남의 음식이 온 것 같아요", "not-received"),  # 남: nor this
])
def test_a_hit_missing_a_telling_word_is_not_sure(delivery_app, query, article) -> None:  # noqa: ANN001
    top = delivery_app.search(query, 3, lang="ko")[0]
    assert top.id == article  # still the closest article, offered as a suggestion
    assert top.confidence < CONFIDENT


@pytest.mark.parametrize(("query", "article"), [
    ("결제수단 변경", "payment-methods"), ("다른 색상으로 바꾸고 싶어요", "exchange"),
    ("메뉴가 누락됐어요", "missing-item"), ("음식을 못 받았어요", "not-received")])
def test_a_hit_with_the_telling_words_stays_sure(delivery_app, query, article) -> None:  # noqa: ANN001
    top = delivery_app.search(query, 3, lang="ko")[0]
    assert (top.id, top.confidence >= CONFIDENT) == (article, True)


def test_answer_is_what_the_widget_would_be_sure_of(delivery_app) -> None:  # noqa: ANN001
    # Stands clear of the second hit, but misses 두: no article answers a double charge.
    assert delivery_app.search("결제가 두 번 됐어요", 3, lang="ko")[0].id == "payment-methods"
    assert delivery_app.answer("결제가 두 번 됐어요") is None
    assert delivery_app.answer("결제수단 변경").id == "payment-methods"
