"""Learned questions (kb.insights.learned): synthetic customer sessions replayed into a real
store, then read back as evidence per wording and article."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from sqlalchemy import create_engine

from kb.core.catalogue import MESSAGES, fields, owner
from kb.db import connect
from kb.insights import learned_messages
from kb.insights.events import record_many, validate_batch
from kb.insights.learned import Learned, learn, looks_personal
from tests.test_instances import fresh_database

START = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=3)
LATER = START + dt.timedelta(days=3)  # `now` for learn(): weights are then reproducible


def session(sid: str, start: dt.datetime, *steps: tuple) -> list[dict]:
    """One widget session's events: each step is (minutes after start, type, fields)."""
    rows = []
    for minutes, kind, extra in steps:
        rows.append({"type": kind, "session": sid,
                     "ts": (start + dt.timedelta(minutes=minutes)).isoformat(), **extra})
    return rows


def found(sid: str, start: dt.datetime, query: str, article: str, *, vote: bool = False,
          handoff: bool = False, hits: list[str] | None = None) -> list[dict]:
    """A customer who searched `query` (shown `hits`, by default `article` alone), opened
    `article` two minutes later, maybe voted."""
    shown = [article] if hits is None else hits
    steps = [(0, "widget_open", {}), (0, "search", {"query": query, "hits": shown}),
             (2, "article_view", {"article": article, "source": "widget"})]
    if vote:
        steps.append((3, "vote", {"article": article, "helpful": True}))
    if handoff:
        steps.append((5, "handoff", {}))
    return session(sid, start, *steps)


def store(engine, rows: list[dict]) -> None:  # noqa: ANN001
    """Validate and record `rows` as the events endpoint does (in batches of 50)."""
    for i in range(0, len(rows), 50):
        valid, error = validate_batch(rows[i:i + 50])
        assert error is None, error
        record_many(engine, valid)


def at(n: int) -> dt.datetime:
    return START + dt.timedelta(minutes=7 * n)


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/store.db")
    yield engine
    engine.dispose()


def summary(engine, **kwargs) -> list[tuple]:  # noqa: ANN001
    learning = learn(engine, now=LATER, **kwargs)
    return [(i.key, i.article, i.wording, i.sessions) for i in learning.items]


def test_one_session_counts_once_however_often_it_clicks(engine):  # noqa: ANN001
    rows = found("a", at(0), "돈 언제 돌려받아요", "refund-period", vote=True)
    rows += session("a", at(0), (4, "search", {"query": "돈 언제 돌려받아요"}),
                    (5, "article_view", {"article": "refund-period", "source": "widget"}))
    rows += found("b", at(1), "돈 언제 돌려 받아요", "refund-period")
    rows += found("c", at(2), "돈언제돌려받아요?", "refund-period")
    rows += found("d", at(3), "돈 언제 돌려받아요", "refund-period")
    store(engine, rows)
    learning = learn(engine, now=LATER)
    assert [(i.key, i.article, i.sessions) for i in learning.items] == [
        ("돌리 ?when", "refund-period", 4)]
    item = learning.items[0]
    assert item.wording == "돈 언제 돌려받아요"  # typed in the most sessions (a's twice = once)
    assert item.last_seen == at(3) + dt.timedelta(minutes=2)
    assert 3.7 < item.weight < 4  # four sessions about three days old, half-life 30 days
    assert learning.filtered == 0 and learning.below == 0


def test_a_wording_needs_min_sessions(engine):  # noqa: ANN001
    store(engine, found("a", at(0), "비번 까먹었어요", "password-reset")
          + found("b", at(1), "비번 까먹었어요", "password-reset"))
    assert learn(engine, now=LATER).items == ()
    assert learn(engine, now=LATER).below == 1
    assert summary(engine, min_sessions=2) == [
        ("까먹 비번", "password-reset", "비번 까먹었어요", 2)]


def test_a_hand_off_after_the_search_is_no_evidence(engine):  # noqa: ANN001
    rows = found("a", at(0), "비번 까먹었어요", "password-reset")
    rows += found("b", at(1), "비번 까먹었어요", "password-reset")
    rows += found("c", at(2), "비번 까먹었어요", "password-reset", handoff=True)
    rows += session("d", at(3), (0, "contact", {}), (1, "search", {"query": "비번 까먹었어요"}),
                    (2, "article_view", {"article": "password-reset", "source": "widget"}))
    store(engine, rows)
    # c handed off after searching: not counted; d's contact came before its search: counted.
    assert summary(engine) == [("까먹 비번", "password-reset", "비번 까먹었어요", 3)]
    store(engine, session("d", at(3), (10, "handoff", {})))
    assert summary(engine) == []


def test_only_a_click_soon_after_the_latest_search_counts(engine):  # noqa: ANN001
    rows = []
    for n, sid in enumerate("abc"):
        rows += session(sid, at(n), (0, "search", {"query": "비번 까먹었어요"}),
                        (1, "search", {"query": "적립금 언제 사라져요"}),
                        (3, "article_view", {"article": "points-expiry", "source": "widget"}),
                        (40, "article_view", {"article": "withdrawal", "source": "widget"}),
                        (41, "vote", {"article": "membership-grade", "helpful": True}))
    # an agent's console view and a 👎 after the click are not evidence either
    for n, sid in enumerate("def", start=3):
        rows += session(sid, at(n), (0, "search", {"query": "쿠폰 어디서 받아요"}),
                        (1, "article_view", {"article": "coupon-download", "source": "agent"}),
                        (2, "article_view", {"article": "coupon-use", "source": "widget"}),
                        (3, "vote", {"article": "coupon-use", "helpful": False}))
    store(engine, rows)
    assert summary(engine) == [("사라지 적립금 ?when", "points-expiry", "적립금 언제 사라져요", 3)]


def test_a_search_click_carries_its_own_query(engine):  # noqa: ANN001
    store(engine, [row for n, sid in enumerate("abc") for row in session(
        sid, at(n), (0, "search_click", {"query": "기사님 몇시에 와요",
                                         "article": "installer-visit-time"}))])
    assert summary(engine) == [("기사 오", "installer-visit-time", "기사님 몇시에 와요", 3)]


def test_only_organic_sessions_make_the_ranking_prior(engine):  # noqa: ANN001
    rows = []
    for n in range(3):  # shown second, or not shown at all: the customer chose it
        rows += found(f"a{n}", at(n), "비번 까먹었어요", "password-reset",
                      hits=["account-info-change", "password-reset"] if n else [])
        # shown first and clicked: what position alone would cause
        rows += found(f"b{n}", at(n), "적립금 언제 사라져요", "points-expiry",
                      hits=["points-expiry", "points-earn-use"])
    rows += found("c", at(4), "적립금 언제 사라져요", "points-expiry", hits=["withdrawal"])
    store(engine, rows)
    learning = learn(engine, now=LATER)
    assert [(i.article, i.sessions, i.organic) for i in learning.items] == [
        ("points-expiry", 4, 1), ("password-reset", 3, 3)]
    assert learning.table() == {"까먹 비번": ("password-reset",)}


@pytest.mark.parametrize(("text", "personal"), [
    ("010-1234-5678 환불 언제 돼요", True),
    ("01012345678로 연락주세요", True),
    ("010 1234 5678 배송 문의", True),
    ("+82 10-1234-5678", True),
    ("０１０－１２３４－５６７８ 전화 주세요", True),  # full-width
    ("02-123-4567 전화번호 맞나요", True),
    ("minji.kim@example.co.kr 로 영수증 보내주세요", True),
    ("주문번호 20261103-000123 취소", True),
    ("송장번호 6012 3456 7890 조회", True),
    ("ORD2026110399 배송", True),
    ("카드 9410-1234-5678-9012 결제 오류", True),
    ("환불 언제 돼요", False),
    ("3일 지났는데 배송 안 와요", False),
    ("2026년 11월 주문 취소", False),
    ("10만원 이상 무료배송인가요", False),
    ("as 접수 어떻게 해요", False),
    ("RF85 냉장고 소음", False),
])
def test_what_looks_like_personal_data(text, personal):  # noqa: ANN001
    assert looks_personal(text) is personal


def test_personal_data_is_dropped_and_counted(engine):  # noqa: ANN001
    rows = []
    for n in range(4):
        rows += found(f"p{n}", at(n), f"010-1234-567{n} 비번 까먹었어요", "password-reset")
        rows += found(f"e{n}", at(n), "kim@example.com 비번 까먹었어요", "password-reset")
        rows += found(f"k{n}", at(n), "비번 까먹었어요", "password-reset")
    store(engine, rows)
    learning = learn(engine, now=LATER)
    assert [(i.wording, i.sessions) for i in learning.items] == [("비번 까먹었어요", 4)]
    assert learning.filtered == 5  # four phone numbers and one e-mail address, as wordings


def test_known_articles_only_and_wordings_they_already_have(engine):  # noqa: ANN001
    rows = []
    for n in range(3):
        rows += found(f"a{n}", at(n), "환불금 언제 들어와요", "refund-period")  # = a question
        rows += found(f"b{n}", at(n), "돈 언제 돌려받아요", "refund-period")
        rows += found(f"c{n}", at(n), "상담 연결해 주세요", "scenario", vote=True)
    store(engine, rows)
    known = {"refund-period": ("환불은 언제 되나요?", "환불 언제 들어와요")}
    learning = learn(engine, known=known, now=LATER)
    assert [i.wording for i in learning.items] == ["돈 언제 돌려받아요"]
    assert learning.covered == 1  # 환불금 언제 들어와요 asks what 환불 언제 들어와요 asks
    assert len(learn(engine, now=LATER).items) == 3


REPLAY = [  # (wording, article, sessions): what customers asked before the article they read
    ("돈 언제 돌려받아요", "refund-period", 5),
    ("냉장고 설치 언제 와요", "installer-visit-time", 4),
    ("비번 까먹었어요", "password-reset", 4),
    ("적립금 언제 사라져요", "points-expiry", 3),
    ("에어컨 달아주는 비용", "aircon-install-cost", 3),
    ("현금영수증 번호 바꾸고 싶어요", "cash-receipt-change", 3),
    ("카드 영수증 뽑고 싶어요", "card-receipt", 2),  # under the bar of 3
]


def replay(rng: random.Random) -> list[dict]:
    """Sessions for REPLAY plus noise (hand-offs, personal data), in a shuffled order."""
    sessions, n = [], 0
    for wording, article, count in REPLAY:
        for k in range(count):
            sessions.append(found(f"r{n}", at(n), wording, article, vote=k % 2 == 0))
            n += 1
        sessions.append(found(f"h{n}", at(n), wording, article, handoff=True))
        n += 1
    for k in range(3):
        sessions.append(found(f"x{k}", at(n + k), f"주문번호 2026110{k}1234 환불", "refund-period"))
    rng.shuffle(sessions)
    return [row for rows in sessions for row in rows]


def test_order_is_total_and_the_same_whatever_order_events_were_stored_in(tmp_path):  # noqa: ANN001
    results = []
    for seed in (1, 2, 3):
        engine = connect(f"sqlite:///{tmp_path}/store-{seed}.db")
        store(engine, replay(random.Random(seed)))
        learning = learn(engine, now=LATER)
        engine.dispose()
        results.append((learning.items, learning.filtered, learning.below))
    assert results[0] == results[1] == results[2]
    items, filtered, below = results[0]
    # Equal sessions: the more recent evidence first (REPLAY's later rows happened later).
    assert [(i.article, i.sessions) for i in items] == [
        ("refund-period", 5), ("password-reset", 4), ("installer-visit-time", 4),
        ("cash-receipt-change", 3), ("aircon-install-cost", 3), ("points-expiry", 3)]
    assert filtered == 3 and below == 1
    assert items == tuple(sorted(items, key=Learned.sort_key))


def test_postgresql_learns_the_same_as_sqlite(tmp_path):  # noqa: ANN001
    url = fresh_database("answerloop_learned")
    rows = replay(random.Random(7))
    lite = connect(f"sqlite:///{tmp_path}/store.db")
    pg = connect(url)
    try:
        store(lite, rows)
        store(pg, rows)
        assert learn(pg, now=LATER) == learn(lite, now=LATER)
        assert len(learn(pg, now=LATER).items) == 6
    finally:
        lite.dispose()
        pg.dispose()


def test_replayed_through_the_events_endpoint(tmp_path):  # noqa: ANN001
    from kbsite import create_app
    from tests.conftest import SAMPLE

    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = app.test_client()
    rows = replay(random.Random(3))
    for i in range(0, len(rows), 50):
        response = client.post("/api/v1/events", json=rows[i:i + 50])
        assert response.status_code == 202, response.get_json()
    learning = learn(app.extensions["answerloop.db"], now=LATER)
    assert [(i.wording, i.article, i.sessions) for i in learning.items][:2] == [
        ("돈 언제 돌려받아요", "refund-period", 5), ("비번 까먹었어요", "password-reset", 4)]
    assert learning.filtered == 3


def test_an_empty_or_unreachable_store(engine):  # noqa: ANN001
    learning = learn(engine)
    assert (learning.items, learning.filtered, learning.below, learning.covered) == ((), 0, 0, 0)
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises; the web layer logs it
        learn(create_engine("sqlite:////nonexistent/folder/store.db"))


@pytest.mark.parametrize("code", sorted(learned_messages.MESSAGES))
def test_messages_in_both_languages(code):  # noqa: ANN001
    ko, en = MESSAGES[code]
    assert owner(code) == "kb.insights.learned_messages"
    assert ko.strip() and en.strip() and fields(ko) == fields(en)


# --- the ranking prior, composed in the web layer (kbsite.searching) ---


def hits(*ids: str) -> list:
    from kb.search import Hit

    return [Hit(i, i, f"/articles/{i}", "", "", 10.0 - n, "c", "ko", 0.9 if n == 0 else 0.4)
            for n, i in enumerate(ids)]


@pytest.mark.parametrize(("learned", "expected"), [
    (("c",), "c a b d e f g"),
    (("c", "e"), "c e a b d f g"),
    (("e", "c", "b"), "e c a b d f g"),  # at most two promoted
    (("a",), "a b c d e f g"),  # already on top
    (("f",), "a b c d e f g"),  # sixth: search itself must rank it in the first five
    (("zz", "d"), "d a b c e f g"),
])
def test_promote_only_from_the_top_k_and_at_most_two(learned, expected):  # noqa: ANN001
    from kbsite.searching import promote

    ranked = promote(hits(*"abcdefg"), learned)
    assert " ".join(h.id for h in ranked) == expected
    assert ranked[0].confidence == 0.9  # the top keeps the confidence the list had


def test_the_prior_reorders_a_learned_query_and_no_other(tmp_path):  # noqa: ANN001
    from kbsite import create_app
    from kbsite.searching import TOP_K, search_service
    from tests.conftest import SAMPLE

    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = app.test_client()

    def ids(query: str, limit: int = 10) -> list[str]:
        response = client.get("/api/v1/search", query_string={"q": query, "limit": limit})
        return [h["id"] for h in response.get_json()["hits"]]

    queries = ("돈 언제 돌려받아요", "비번 까먹었어요", "환불 신청 방법", "돈 언제 돌려받나요")
    organic = {q: ids(q) for q in queries}  # nothing learned yet: search's own order
    learned = organic["돈 언제 돌려받아요"][1]  # customers passed the first hit for the second
    sixth = organic["비번 까먹었어요"][TOP_K]  # … chose a hit search ranks sixth
    top = organic["환불 신청 방법"]  # … and clicked the second when it was shown first
    rows = []
    for n in range(3):
        rows += found(f"a{n}", at(n), "돈 언제 돌려받아요", learned,
                      hits=organic["돈 언제 돌려받아요"][:3])
        rows += found(f"b{n}", at(n), "비번 까먹었어요", sixth, hits=organic["비번 까먹었어요"][:3])
        rows += found(f"c{n}", at(n), "환불 신청 방법", top[1], hits=[top[1], top[0], top[2]])
    store(app.extensions["answerloop.db"], rows)
    with app.app_context():
        search_service().prior.load()  # what a search starts in the background when due
    first, *rest = organic["돈 언제 돌려받아요"]
    assert ids("돈 언제 돌려받아요") == [learned, first, *rest[1:]]
    assert ids("돈언제 돌려받아요?", limit=1) == [learned]  # same wording key, same prior
    for query in queries[1:]:  # no promotion from sixth, nor for clicks on a first hit
        assert ids(query) == organic[query]


def test_search_never_fails_when_learning_cannot_be_read(tmp_path):  # noqa: ANN001
    from kbsite.searching import LearnedPrior, SearchService
    from kbsite.store import ContentStore
    from tests.conftest import SAMPLE

    broken = create_engine("sqlite:////nonexistent/folder/store.db")
    service = SearchService(ContentStore(SAMPLE), tmp_path / "index", engine=broken)
    service.prior.load()
    assert service.prior.table() == {}  # logged; read again after `retry` seconds
    assert service.prior._due > time.monotonic() + 30
    organic = [h.id for h in service._call("search", "돈 언제 돌려받아요", limit=5)]
    assert [h.id for h in service.search("돈 언제 돌려받아요", limit=5)] == organic != []
    assert LearnedPrior(broken).articles("돈 언제 돌려받아요") == ()


def test_a_forked_child_does_not_wait_for_its_parents_read(tmp_path):  # noqa: ANN001
    import os

    from kb.db import connect
    from kbsite.searching import LearnedPrior

    prior = LearnedPrior(connect(f"sqlite:///{tmp_path}/kb.db"))
    prior._reading = True  # as if the parent forked while a read was under way
    prior._due = 1e18
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its state starts afresh
        os.write(write, b"1" if (not prior._reading and prior._due == 0.0) else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert prior._reading is True  # the parent's own state is untouched
