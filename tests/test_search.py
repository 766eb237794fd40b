"""Korean-first search over the sample content: particles, spacing, typos, synonyms, English."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kb.content.tree import load_content
from kb.search import (
    MAX_QUERY,
    IndexBusy,
    IndexMissing,
    SearchIndex,
    build_index,
    clean_query,
    snippet,
    update_index,
    writer_lock,
)
from kb.search import index as kbindex
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


def top(searcher: SearchIndex, query: str, n: int = 3, **kw: object) -> list[str]:
    return [h.id for h in searcher.search(query, limit=n, **kw)]


@pytest.mark.parametrize(("query", "expected"), [
    ("환불은 어떻게 하나요", "refund-request"),
    ("환불하려면", "refund-request"),
    ("환불 신청", "refund-request"),
    ("배송 조회", "delivery-tracking"),
    ("배송조회어떻게해요", "delivery-tracking"),
    ("배송조회", "delivery-tracking"),
    ("설치기사님 언제 와요", "installer-visit-time"),
    ("세금계산서 발행", "tax-invoice"),
    ("비밀번호를 잊어버렸어요", "password-reset"),
])
def test_particles_endings_and_spacing(searcher, query, expected):  # noqa: ANN001
    assert top(searcher, query, 1) == [expected]


@pytest.mark.parametrize(("query", "expected"), [
    ("환뷸 신청", "refund-request"),
    ("배숑 조회", "delivery-tracking"),
    ("쿠퐁 사용", "coupon-use"),
])
def test_korean_typos(searcher, query, expected):  # noqa: ANN001
    assert expected in top(searcher, query, 3)


def test_did_you_mean(searcher):  # noqa: ANN001
    assert searcher.did_you_mean("환뷸 신청") == "환불 신청"
    assert searcher.did_you_mean("환불 신청") is None


@pytest.mark.parametrize(("query", "expected"), [
    ("리턴하고 싶어요", "return-request"),  # Konglish, built-in lexicon
    ("에이에스 접수", "as-request"),  # AS = 에이에스
    ("기사님 방문 시간", "installer-visit-time"),
    ("현영 발급", "cash-receipt"),  # slang
])
def test_synonyms(searcher, query, expected):  # noqa: ANN001
    assert expected in top(searcher, query, 3)


@pytest.mark.parametrize(("query", "expected"), [
    ("how do I get a refund", "refund-request"),  # English finds the Korean article
    ("exchange", "exchange-request"),
    ("delivery fee", "delivery-fee-en"),
    ("tax invoice", "tax-invoice-en"),
])
def test_english(searcher, query, expected):  # noqa: ANN001
    assert expected in top(searcher, query, 3)


def test_lang_filter(searcher):  # noqa: ANN001
    hits = searcher.search("배송비 delivery fee", limit=10, lang="en")
    assert hits and {h.lang for h in hits} == {"en"}


@pytest.mark.parametrize("query", ["", "   ", "???", "!!!...", "AND OR NOT", "*", ":", '"'])
def test_query_syntax_is_just_text(searcher, query):  # noqa: ANN001
    hits = searcher.search(query)
    assert isinstance(hits, list)
    assert all(h.id for h in hits)


def test_operators_are_words(searcher):  # noqa: ANN001
    assert top(searcher, "환불 AND 배송 OR NOT 취소*?", 10)


def test_long_query_is_cut_not_refused(searcher):  # noqa: ANN001
    text = "환불 " * 5000
    assert len(clean_query(text)) == MAX_QUERY
    assert top(searcher, text, 1) == ["refund-request"]


def test_hit_fields(searcher):  # noqa: ANN001
    hit = searcher.search("환불 신청", limit=1)[0]
    assert hit.url == "/articles/refund-request"
    assert hit.title == "환불은 어떻게 신청하나요?"
    assert hit.category == "orders" and hit.lang == "ko" and hit.score > 0
    assert "<mark>환불</mark>" in hit.snippet


def test_snippet_escapes_everything_but_marks():
    text = '<script>alert("x")</script> 환불 & 반품 <b>'
    assert snippet(text, ["환불"]) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>환불</mark> &amp; 반품 &lt;b&gt;")


@pytest.mark.parametrize(("query", "expected"), [
    ("ㅎㅂ", "refund-request"),  # 초성
    ("ㅂㅅ ㅈㅎ", "delivery-tracking"),
    ("배송", "delivery-tracking"),  # title prefix
    ("환불은", "refund-request"),
])
def test_autocomplete(searcher, query, expected):  # noqa: ANN001
    assert expected in [s.id for s in searcher.autocomplete(query)]


def test_autocomplete_prefers_title_prefixes(searcher):  # noqa: ANN001
    titles = [s.title for s in searcher.autocomplete("배송")]
    assert titles[0].startswith("배송")


def test_missing_index(tmp_path):  # noqa: ANN001
    with pytest.raises(IndexMissing):
        SearchIndex(tmp_path / "nothing").search("환불")


def test_incremental_update(content, tmp_path):  # noqa: ANN001
    articles = {a.id: a for a in content.published()}
    root = tmp_path / "index"
    result = update_index(articles.values(), root)
    assert result.rebuilt
    assert not update_index(articles.values(), root).changed
    from dataclasses import replace

    changed = replace(articles["coupon-use"], title="쿠폰은 어디에 입력하나요? 새제목",
                      digest="changed")
    articles["coupon-use"] = changed
    removed = articles.pop("withdrawal")
    result = update_index(articles.values(), root)
    assert (result.added, result.updated, result.removed) == (0, 1, 1)
    searcher = SearchIndex(root, check_every=0)
    assert top(searcher, "새제목", 1) == ["coupon-use"]
    assert removed.id not in top(searcher, "회원 탈퇴", 10)
    articles[removed.id] = removed
    assert update_index(articles.values(), root).added == 1
    assert removed.id in top(searcher, "회원 탈퇴", 3)


@pytest.mark.slow
def test_atomic_rebuild_under_concurrent_searches(content, tmp_path):  # noqa: ANN001
    root = tmp_path / "index"
    build_index(content.published(), root)
    errors: list[BaseException] = []
    empty = 0
    searched = 0
    stop = threading.Event()

    def searching() -> None:
        nonlocal empty, searched
        searcher = SearchIndex(root, check_every=0.02)
        while not stop.is_set():
            try:
                if not searcher.search("환불 신청", limit=3):
                    empty += 1
                searched += 1
                stop.wait(0.002)  # customers pause; let the writer run too
            except BaseException as exc:  # noqa: BLE001 - counted, then asserted
                errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            build_index(content.published(), root)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert empty == 0
    assert searched > 10
    folders = [p for p in root.iterdir() if p.is_dir()]
    assert len(folders) <= 2  # old versions are cleaned up


def test_one_writer_at_a_time(tmp_path):  # noqa: ANN001
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with writer_lock(tmp_path):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        with pytest.raises(IndexBusy), writer_lock(tmp_path, timeout=0.2):
            pass
    finally:
        release.set()
        thread.join()
    with writer_lock(tmp_path, timeout=0.2):  # free again
        pass


def test_other_format_version_is_rebuilt(content, tmp_path, monkeypatch):  # noqa: ANN001
    root = tmp_path / "index"
    build_index(content.published()[:3], root)
    assert kbindex.current_folder(root) is not None
    monkeypatch.setattr(kbindex, "FORMAT", kbindex.FORMAT + 1)
    assert kbindex.current_folder(root) is None
    assert update_index(content.published()[:3], root).rebuilt
    assert Path(kbindex.current_folder(root)).name.startswith(f"v{kbindex.FORMAT}-")
