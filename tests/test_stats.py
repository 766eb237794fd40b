"""The event store and the write-next queue, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select, text

from kb.db import MIGRATIONS, connect, events, metadata, schema_version
from kb.insights import calendar
from kb.insights.events import record_many, validate_batch
from kb.insights.gaps import gaps
from tests.conftest import ROOT, form_token, login

NOW = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)  # a week of replay must be in the past
SEPTEMBER = calendar.until("month", dt.date(2026, 10, 1))  # in Seoul, as site.yaml says
AUGUST = SEPTEMBER.previous()
NOISE = ["냉장고에서 소리나요", "냉장고 소음이 심해요", "냉장고 웅웅 소리", "냉장고에서웅웅소리가나요",
         "냉장고 소음 너무 커요", "냉장고가 윙윙 소리 내요"]


def _pg_url() -> str | None:
    return os.environ.get("KB_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):  # noqa: ANN001, ANN201
    if request.param == "sqlite":
        engine = connect(f"sqlite:///{tmp_path}/store.db")
        yield engine
        engine.dispose()
        return
    url = _pg_url()
    if not url:
        pytest.skip("PostgreSQL: KB_TEST_DATABASE_URL is not set (make test sets it)")
    from sqlalchemy import create_engine

    probe = create_engine(url)
    try:
        with probe.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means: skip, and say why
        probe.dispose()
        pytest.skip(f"PostgreSQL at {url} is not reachable: {exc.__class__.__name__}")
    metadata.drop_all(probe)
    schema_version.drop(probe, checkfirst=True)
    probe.dispose()
    engine = connect(url)
    yield engine
    metadata.drop_all(engine)
    schema_version.drop(engine, checkfirst=True)
    engine.dispose()


def event(kind: str, session: str, when: dt.datetime, **fields: object) -> dict:
    rows, error = validate_batch({"type": kind, "session": session, "ts": when.isoformat(),
                                  **fields})
    assert error is None, error
    return rows[0]


def month_of_traffic(rng: random.Random, start: dt.datetime, days: int, *,
                     noise_answered: bool) -> list[dict]:
    """Customers searching; 냉장고 소음 fails and hands off unless an article answers it."""
    rows = []
    for n in range(days * 12):
        when = start + dt.timedelta(minutes=rng.randrange(days * 24 * 60))
        session = f"s-{start.date()}-{n}"
        roll = rng.random()
        if roll < 0.4:  # the noisy fridge, in many spellings
            q = rng.choice(NOISE)
            if noise_answered:
                rows.append(event("search", session, when, query=q, hits=["fridge-noise"]))
                rows.append(event("search_click", session, when, query=q, article="fridge-noise"))
            else:
                rows.append(event("search", session, when, query=q, hits=[]))
                if rng.random() < 0.6:
                    rows.append(event("handoff", session, when))
        elif roll < 0.7:  # refunds: found and clicked
            q = rng.choice(["환불 신청", "환불하려면 어떻게 해요", "환불 언제 돼요"])
            rows.append(event("search", session, when, query=q, hits=["refund-request"]))
            rows.append(event("search_click", session, when, query=q, article="refund-request"))
        else:  # installation dates: found, sometimes handed off anyway
            q = rng.choice(["설치 날짜 변경", "설치 기사님 언제 와요"])
            rows.append(event("search", session, when, query=q, hits=["install-schedule"]))
            if rng.random() < 0.3:
                rows.append(event("handoff", session, when))
            else:
                rows.append(event("article_view", session, when, article="install-schedule",
                                  source="widget"))
    return rows


def test_replay_noise_first_then_leaves_the_queue(engine):  # noqa: ANN001
    rng = random.Random(7)
    rows = month_of_traffic(rng, SEPTEMBER.start_at, 30, noise_answered=False)
    for i in range(0, len(rows), 50):
        record_many(engine, rows[i:i + 50])
    queue = gaps(engine, SEPTEMBER)
    assert sum(g.count for g in queue) == sum(1 for r in rows if r["type"] == "search")
    first = queue[0]
    assert first.key.isascii() and " " not in first.key
    assert set(first.phrasings) == set(NOISE)  # six spellings, one question
    assert first.coverage == 0 and first.sources["handoff"] > 0
    assert first.sources["failed search"] > 0 and first.lane == "write"
    refund = [g for g in queue if "환불" in g.question]
    assert refund and all(g.score < first.score for g in refund)
    # An article answers it now: a week of traffic where people find it.
    week = calendar.period_of("week", dt.date(2026, 10, 5))
    later_rows = month_of_traffic(rng, week.start_at, 7, noise_answered=True)
    for i in range(0, len(later_rows), 50):
        record_many(engine, later_rows[i:i + 50])
    later = {g.key: g for g in gaps(engine, week)}
    assert later[first.key].coverage == 1 and later[first.key].score == 0  # same key, answered
    assert list(later)[-1] == first.key or later[first.key].score == 0


def test_trend_against_previous_period(engine):  # noqa: ANN001
    rows = [event("search", f"a{i}", SEPTEMBER.start_at + dt.timedelta(days=3),
                  query="쿠폰 안 돼요", hits=[]) for i in range(3)]
    rows += [event("search", f"b{i}", AUGUST.start_at + dt.timedelta(hours=1),
                   query="쿠폰이 안돼요", hits=[]) for i in range(5)]
    record_many(engine, rows)
    gap = gaps(engine, SEPTEMBER)[0]
    assert (gap.count, gap.previous, gap.trend) == (3, 5, -2)


def test_schema_version_recorded(engine):  # noqa: ANN001
    with engine.connect() as conn:
        assert conn.execute(select(func.max(schema_version.c.version))).scalar_one() == MIGRATIONS[-1][0]


WRITER = textwrap.dedent("""
    import sys
    from kb.db import connect
    from kb.insights.events import record_many, validate_batch
    engine = connect(sys.argv[1])
    for batch in range(10):
        rows, _ = validate_batch([{"type": "search", "session": f"p{sys.argv[2]}-{batch}",
                                   "query": "동시 쓰기 시험", "hits": []}] * 50)
        record_many(engine, rows)
""")


def test_concurrent_writers_lose_nothing(tmp_path):  # noqa: ANN001
    url = f"sqlite:///{tmp_path}/busy.db"
    connect(url).dispose()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(n)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for n in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    engine = connect(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 4 * 10 * 50
    engine.dispose()


def test_admin_queue_csv_and_draft(sample_copy, tmp_path):  # noqa: ANN001
    from kb.accounts import add_user
    from kbsite import create_app

    app = create_app({"TESTING": True, "CONTENT_DIR": str(sample_copy),
                      "INSTANCE_DIR": str(tmp_path / "inst")})
    engine = app.extensions["answerloop.db"]
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    record_many(engine, [event("search", f"x{i}", now, query=q, hits=[])
                         for i, q in enumerate(NOISE)])
    record_many(engine, [event("scenario_step", "x0", now, scenario="main",
                               path=["A/S·수리", "소음이 나요"])])
    add_user(engine, "boss", "관리자-비밀번호-123", "admin")
    client = app.test_client()
    login(client, "boss", "관리자-비밀번호-123")
    page = client.get("/admin?period=week").get_data(as_text=True)
    assert "다음에 쓸 문서" in page and "<svg" in page
    assert "문의량 (이전 기간 대비)" in page and "<td>A/S·수리 &gt; 소음이 나요</td>" in page
    assert any(q in page for q in NOISE)
    exported = client.get("/admin/gaps.csv?period=week")
    assert exported.mimetype == "text/csv" and "냉장고" in exported.get_data(as_text=True)
    assert exported.get_data(as_text=True).splitlines()[0].lstrip("\ufeff").startswith(
        "rank,key,lane,question")
    stats_csv = client.get("/admin/stats.csv?period=week").get_data(as_text=True)
    assert "volume,search,6,0," in stats_csv and "funnel,A/S·수리 > 소음이 나요,1,1,0" in stats_csv
    key = exported.get_data(as_text=True).splitlines()[1].split(",")[1]
    made = client.post(f"/admin/gaps/{key}/draft?period=week",
                       data={"csrf_token": form_token(client, "/admin?period=week")})
    assert made.status_code == 302
    drafts = list((sample_copy / "articles" / "drafts").glob("*.md"))
    assert len(drafts) == 1
    text = drafts[0].read_text("utf-8")
    assert "draft: true" in text and all(f'"{q}"' in text for q in NOISE)
    assert f"question group {key}" in text
    from kb.content.tree import load_content
    from kbsite.kinds import KINDS

    assert not [p for p in load_content(sample_copy, kinds=KINDS).errors if "drafts" in p.path]


def test_period_stats_and_report(engine, tmp_path):  # noqa: ANN001
    from kb.content.tree import load_content
    from kb.insights.periods import period_stats
    from kb.insights.report import report
    from kbsite.kinds import KINDS
    from tests.conftest import SAMPLE

    week = calendar.until("week", dt.date(2026, 10, 1))  # the week holding Sep 30: Sep 28 – Oct 4
    when = week.start_at + dt.timedelta(days=2)
    record_many(engine, [
        event("search", "r1", when, query="냉장고 소음이 심해요", hits=[]),
        event("scenario_step", "r1", when, scenario="main", path=["A/S·수리", "소음"]),
        event("handoff", "r1", when + dt.timedelta(minutes=1)),
        event("search", "r2", when, query="환불 신청", hits=["refund-request"]),
        event("search_click", "r2", when, query="환불 신청", article="refund-request"),
        event("vote", "r3", when, article="installment", helpful=False),
        event("vote", "r4", when, article="installment", helpful=False),
        event("vote", "r5", when, article="installment", helpful=False),
        event("search", "old", week.start_at - dt.timedelta(days=2), query="쿠폰",
              hits=["coupon-use"]),
    ])
    stats = period_stats(engine, week)
    assert stats.counts["search"] == (2, 1)
    assert stats.failed_searches == [("냉장고 소음이 심해요", 1)]
    assert stats.handoff_paths == [("A/S·수리 > 소음", 1)]
    assert stats.helpful["installment"] == (0, 3)
    assert stats.self_service == 0.5  # r1 handed off, r2 found it
    assert stats.funnel == {"A/S·수리": (1, 0, 1), "A/S·수리 > 소음": (1, 0, 1)}
    content = load_content(SAMPLE, kinds=KINDS)
    md = report(engine, content, week, "md")
    assert md.startswith("# 가전마켓 고객센터 CS 리포트 — 2026년 40주차 (2026-09-28 ~ 2026-10-04)")
    assert "| 냉장고 소음이 심해요 | 1 | 신규 |" in md and "| 무이자 할부는 어떻게 이용하나요? | 도움됨 0/3 |" in md
    en = report(engine, content, week, "md", lang="en")
    assert "week 40 of 2026" in en and "helpful 0/3" in en
    data = json.loads(report(engine, content, week, "json"))
    assert {"period", "volume", "weekly", "by_channel", "by_tag", "sales", "risks", "praise",
            "gaps", "tasks", "articles_needing_work", "self_service_rate"} <= set(data)
    assert data["volume"] == {"count": 1, "previous": 0}  # the hand-off reached the team
    assert [d["count"] for d in data["weekly"]] == [0, 0, 1, 0, 0, 0, 0]  # per day, Mon–Sun
    page = report(engine, content, week, "html")
    assert page.startswith("<!doctype html>") and "<svg" in page and "@media print" in page
    assert "<script" not in page


def test_same_queue_on_this_store_as_on_a_fresh_sqlite(engine, tmp_path):  # noqa: ANN001
    """Same asks, inserted in another order, on SQLite and PostgreSQL: the same groups."""
    asks = [*NOISE, "환불 언제 들어와요", "환불금 언제 입금돼요", "환불 어떻게 신청해요",
            "환불 신청 방법", "설치 날짜 변경", "설치 기사님 언제 와요"] * 3
    shuffled = asks[:]
    random.Random(11).shuffle(shuffled)

    def queue(store, texts) -> list:  # noqa: ANN001
        for n, wording in enumerate(texts):
            record_many(store, [event("search", f"q{n}", SEPTEMBER.start_at
                                      + dt.timedelta(hours=n), query=wording, hits=[])])
        return [(g.key, g.count, g.lane, sorted(g.phrasings.items())) for g in gaps(
            store, SEPTEMBER)]

    other = connect(f"sqlite:///{tmp_path}/other.db")
    try:
        assert queue(engine, asks) == queue(other, shuffled)
    finally:
        other.dispose()


def test_csv_cells_never_run_as_formulas_and_the_report_downloads(sample_copy, tmp_path):  # noqa: ANN001
    from kb.accounts import add_user
    from kbsite import create_app

    app = create_app({"TESTING": True, "CONTENT_DIR": str(sample_copy),
                      "INSTANCE_DIR": str(tmp_path / "inst")})
    engine = app.extensions["answerloop.db"]
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    record_many(engine, [event("search", "x1", now, query='=HYPERLINK("http://x.example")',
                               hits=[]),
                         event("search", "x2", now, query="@SUM(1+1) 냉장고", hits=[])])
    add_user(engine, "boss", "관리자-비밀번호-123", "admin")
    client = app.test_client()
    login(client, "boss", "관리자-비밀번호-123")
    text = client.get("/admin/gaps.csv?period=week").get_data(as_text=True)
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert not any(line.split(",")[3].startswith(("=", "@")) for line in text.splitlines()[1:]
                   if line.count(",") > 3)
    report = client.get("/admin/report.csv?period=week")
    assert report.status_code == 404  # the report's CSV is a format of /admin/report
    table = client.get("/admin/report?period=week&format=csv")
    assert table.mimetype == "text/csv"
    lines = table.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "판매량과 판매 대비 문의" and "주요 문의 유형" in lines
    page = client.get("/admin/report?period=week")
    assert page.mimetype == "text/html" and "script-src" not in page.headers[
        "Content-Security-Policy"] and "<script" not in page.get_data(as_text=True)
