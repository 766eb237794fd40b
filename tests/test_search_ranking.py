"""Ranking: every part of an article analysed, spacing either way, caches that follow the
index, and the same list for the same query (ties by id, any hash seed)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kb.content.models import Article
from kb.search import SearchIndex, build_index, snippet, update_index
from kb.search.scoring import top

ROOT = Path(__file__).resolve().parent.parent


def article(aid: str, title: str, body: str = "", **kw: object) -> Article:
    html = f"<p>{body}</p>" if body else ""
    digest = hashlib.sha1(f"{aid}{title}{body}{kw}".encode()).hexdigest()
    return Article(id=aid, title=title, category="orders", path=f"{aid}.md",
                   file=Path(f"{aid}.md"), body=body, body_line=1, digest=digest,
                   html=html, lang="ko", **kw)


ARTICLES = [
    article("cold-pack", "신선식품 포장은 어떻게 되나요?",
            "여름에는 보냉백에 아이스팩을 넣어 보내 드려요. 보냉백은 회수하지 않아요."),
    article("dehumidifier", "제습기 관리 방법",
            "제습기필터교체는 6개월마다 해 주세요. 물통은 매일 비워 주세요."),
    article("black-friday", "할인 행사 안내", "블랙프라이데이 기간에는 쿠폰을 두 장까지 써요."),
    article("delivery", "배송 조회는 어떻게 하나요?", "마이페이지에서 송장번호를 확인해요.",
            questions=("택배 어디쯤 왔어요",)),
    article("refund", "환불은 어떻게 신청하나요?", "주문내역에서 환불 신청 버튼을 눌러요.",
            summary="카드 결제는 3~5영업일 걸려요"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> SearchIndex:  # noqa: ANN001
    root = tmp_path_factory.mktemp("index")
    build_index(ARTICLES, root)
    return SearchIndex(root)


def ids(searcher: SearchIndex, query: str, n: int = 1) -> list[str]:
    return [h.id for h in searcher.search(query, limit=n)]


@pytest.mark.parametrize(("query", "expected"), [
    ("보냉백 회수", "cold-pack"),  # words only in the body, with particles there
    ("아이스팩 넣어 주나요", "cold-pack"),
    ("필터 교체 주기", "dehumidifier"),  # a run-together body compound, asked apart
    ("블랙 프라이데이 쿠폰", "black-friday"),  # split spacing against one body word
    ("송장번호", "delivery"),
    ("영업일", "refund"),  # summary only
])
def test_every_part_of_the_article_is_searched(searcher, query, expected) -> None:  # noqa: ANN001
    assert ids(searcher, query) == [expected]


@pytest.mark.parametrize("query", ["배송조회어떻게해요", "배송 조 회", "택배어디쯤왔어요"])
def test_spacing_either_way(searcher, query) -> None:  # noqa: ANN001
    assert ids(searcher, query) == ["delivery"]


def test_caches_follow_the_index(tmp_path) -> None:  # noqa: ANN001
    root = tmp_path / "index"
    build_index(ARTICLES, root)
    searcher = SearchIndex(root, check_every=0)
    assert ids(searcher, "냉동만두") == []  # the query is now analysed and cached
    body = "냉동만두는 냉동실에 보관해 주세요."
    edited = replace(ARTICLES[0], body=body, html=f"<p>{body}</p>", digest="edited")
    update_index([edited, *ARTICLES[1:]], root)
    assert ids(searcher, "냉동만두") == ["cold-pack"]
    assert ids(searcher, "보냉백 회수") != ["cold-pack"]
    update_index(ARTICLES[1:], root)  # deleted: never returned, though its postings stay
    assert ids(searcher, "냉동만두", 10) == []
    build_index(ARTICLES, root)  # a full rebuild into a new folder
    assert ids(searcher, "보냉백 회수") == ["cold-pack"]


def test_ties_are_broken_by_id_whatever_the_build_order(tmp_path) -> None:  # noqa: ANN001
    twins = [article(f"twin-{n}", "정수기 필터 교체 비용") for n in (3, 1, 2)]
    orders = []
    for n, batch in enumerate((twins, twins[::-1])):
        build_index(batch, tmp_path / str(n))
        hits = SearchIndex(tmp_path / str(n)).search("정수기 필터", limit=3)
        assert len({h.score for h in hits}) == 1
        orders.append([h.id for h in hits])
    assert orders == [["twin-1", "twin-2", "twin-3"]] * 2


def test_top_orders_by_score_then_the_given_order() -> None:
    scores = np.array([0.0, 2.0, 5.0, 2.0, 2.0, 0.5])
    order = np.array([0, 3, 5, 1, 2, 4])  # e.g. the rank of each document's id
    assert top(scores, 3, order).tolist() == [2, 3, 4]
    assert top(scores, 10, order).tolist() == [2, 3, 4, 1, 5]


SEARCH = """
import json, sys
from kb.search import SearchIndex
hits = SearchIndex(sys.argv[1]).search("환불 배송 필터 쿠폰 어떻게", limit=10)
print(json.dumps([(h.id, h.score, h.confidence, h.snippet) for h in hits]))
"""


@pytest.mark.slow
def test_same_list_under_any_hash_seed(searcher) -> None:  # noqa: ANN001
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", SEARCH, str(searcher.root)], env=env,
                              cwd=ROOT, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1 and json.loads(outputs.pop())


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("Refund and REFUNDS", ["refund"], "<mark>Refund</mark> and <mark>REFUND</mark>S"),
    ("İstanbul refund", ["refund"], "İstanbul <mark>refund</mark>"),  # lowercase is longer
    ("배송조회는 배송에서", ["배송", "배송조회"], "<mark>배송조회</mark>는 <mark>배송</mark>에서"),
    ("aaaa", ["aa"], "<mark>aa</mark><mark>aa</mark>"),  # never overlapping
])
def test_snippet_marks_words_ignoring_case(text, marks, expected) -> None:  # noqa: ANN001
    assert snippet(text, marks) == expected


def test_snippet_window_holds_the_most_matches() -> None:
    text = "환불 " + "가나다라 " * 40 + "배송 조회 배송 조회 " + "마바사 " * 40
    shown = snippet(text, ["배송", "조회", "환불"])
    assert shown.startswith("…") and shown.count("<mark>") == 4
