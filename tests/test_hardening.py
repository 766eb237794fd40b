"""Issue 18: every bad input a clear 4xx, sessions that end at logout, a manual that survives
its database (the black-box probe's checks, one test each)."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from kb.accounts import add_user
from kb.insights.events import count
from kbsite import create_app
from kbsite.visits import LOST_KEY
from tests.conftest import SAMPLE, assert_api_error, form_token, login

PASSWORD = "정확한-비밀번호-123"
CONTACT = {"name": "김민지", "contact": "minji@example.com", "question": "설치 문의",
           "consent": True}


@pytest.fixture
def site(tmp_path):  # noqa: ANN001, ANN201
    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    add_user(app.extensions["answerloop.db"], "minji", PASSWORD, "agent")
    return app


def engine(app):  # noqa: ANN001, ANN201
    return app.extensions["answerloop.db"]


def post_raw(client, path: str, body: bytes, **kwargs):  # noqa: ANN001, ANN003, ANN201
    return client.post(path, data=body, headers={"Content-Type": "application/json"}, **kwargs)


# -- 3: deeply nested JSON -------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/contact"])
def test_deep_json_is_a_400_not_a_500(site, path):  # noqa: ANN001
    body = ("[" * 20_000 + "]" * 20_000).encode()
    error = assert_api_error(post_raw(site.test_client(), path, body), 400)
    assert error["error"] == "요청 본문의 JSON이 너무 깊게 중첩돼 있어요 (최대 32단계)"


# -- 4: text fields --------------------------------------------------------------------

BAD_TEXT = [
    (b'{"type": "search", "source": "widget", "query": "\\ud800"}', "query"),
    (b'{"type": "search", "source": "widget", "query": "a\\u0000b"}', "query"),
    (b'{"type": "search", "source": "widget", "query": "a\\u001b[31m"}', "query"),
    (b'{"type": "search", "source": "widget", "query": "bell\\u0007"}', "query"),
    (b'{"type": "search", "source": "widget", "query": "c1\\u009b"}', "query"),
    (b'{"type": "search", "source": "widget", "query": "\xff\xfe"}', "query"),
    (b'[{"type": "widget_open"}, {"type": "search", "query": "\\udc00"}]', "[1].query"),
]


@pytest.mark.parametrize(("body", "field"), BAD_TEXT)
def test_event_text_is_refused_naming_the_field(site, body, field):  # noqa: ANN001
    error = assert_api_error(post_raw(site.test_client(), "/api/v1/events", body), 400)
    assert error["error"] == (f"'{field}'에 쓸 수 없는 문자가 있어요: 올바른 UTF-8 글자여야 하고 "
                              "제어 문자(NUL, ESC 등)는 안 돼요")
    assert count(engine(site), "search") == 0


@pytest.mark.parametrize(("name", "raw"), [("name", b'"\\ud800"'), ("question", b'"a\\u0000"'),
                                           ("name", b'"\xc3\x28"')])
def test_contact_text_is_refused_naming_the_field(site, name, raw):  # noqa: ANN001
    body = json.dumps({**CONTACT, name: "@@"}).encode().replace(b'"@@"', raw)
    error = assert_api_error(post_raw(site.test_client(), "/api/v1/contact", body), 400)
    assert f"'{name}'" in error["error"]


def test_free_text_keeps_tab_newline_and_format_characters(site):  # noqa: ANN001
    question = "첫 줄\n둘째\t줄 \u200b\u200f끝"
    response = site.test_client().post("/api/v1/contact", json={**CONTACT, "question": question})
    assert response.status_code == 201
    from kb.insights.contacts import recent

    assert recent(engine(site))[0]["question"] == question


def test_queries_turn_tab_and_newline_into_spaces(site):  # noqa: ANN001
    response = site.test_client().post("/api/v1/events", json={
        "type": "search", "source": "widget", "query": "환불\t신청\r\n방법"})
    assert response.status_code == 202
    assert count(engine(site), "search", query="환불 신청 방법") == 1


@pytest.mark.parametrize("q", ["%ED%A0%80", "%00", "%1B%5B31m", "%C2%9B", "%FF"])
def test_query_parameters_refuse_bad_text(site, q):  # noqa: ANN001
    assert_api_error(site.test_client().get(f"/api/v1/search?q={q}"), 400)


# -- 5: a store that cannot write -------------------------------------------------------

def break_writes(app) -> None:  # noqa: ANN001
    """Every INSERT fails the way a read-only SQLite file or a failed-over server does."""
    @event.listens_for(engine(app), "before_cursor_execute")
    def refuse(conn, cursor, statement, *args):  # noqa: ANN001, ANN202, ARG001
        if statement.lstrip().upper().startswith("INSERT"):
            raise OperationalError(statement, {}, Exception("attempt to write a readonly database"))

    return refuse


def test_an_unwritable_store_leaves_the_manual_readable(site):  # noqa: ANN001
    refuse = break_writes(site)
    client = site.test_client()
    assert client.get("/articles/refund-request").status_code == 200
    assert site.extensions[LOST_KEY]["store"] == 1
    event.remove(engine(site), "before_cursor_execute", refuse)  # writable again: recovers
    assert client.get("/articles/refund-request").status_code == 200
    assert count(engine(site), "article_view") == 1


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/events", {"type": "widget_open"}), ("/api/v1/contact", CONTACT)])
def test_writes_answer_503_when_the_store_is_unavailable(site, path, body):  # noqa: ANN001
    break_writes(site)
    error = assert_api_error(site.test_client().post(path, json=body), 503)
    assert error["error"].startswith("지금은 저장할 수 없어요")


def test_the_engine_replaces_dropped_connections(site):  # noqa: ANN001
    assert engine(site).pool._pre_ping is True


# -- 6: recorded GETs are limited -------------------------------------------------------

def test_recorded_gets_count_against_a_limit(site):  # noqa: ANN001
    client = site.test_client()
    for _ in range(70):
        assert client.get("/articles/refund-request").status_code == 200
    assert count(engine(site), "article_view") == 60
    assert site.extensions[LOST_KEY]["limit"] == 10


# -- 2: sessions end at logout, on a password change and after 12 hours -----------------

def copied_session(app, client):  # noqa: ANN001, ANN201
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_logout_ends_copies_of_the_cookie(site):  # noqa: ANN001
    client = site.test_client()
    assert login(client, "minji", PASSWORD).status_code == 302
    thief = copied_session(site, client)
    assert thief.get("/agent").status_code == 200
    client.post("/logout", data={"csrf_token": form_token(client, "/agent")})
    assert thief.get("/agent").status_code == 302
    assert client.get_cookie("session") is None or client.get("/agent").status_code == 302


def test_a_new_password_ends_other_sessions(site):  # noqa: ANN001
    client = site.test_client()
    login(client, "minji", PASSWORD)
    assert client.get("/agent").status_code == 200
    add_user(engine(site), "minji", "새-비밀번호-4567890", "agent")
    assert client.get("/agent").status_code == 302


def test_sessions_have_an_absolute_lifetime(site, monkeypatch):  # noqa: ANN001
    client = site.test_client()
    login(client, "minji", PASSWORD)
    assert client.get("/agent").status_code == 200
    later = time.time() + 12 * 3600 + 1
    monkeypatch.setattr("kbsite.auth.time.time", lambda: later)
    assert client.get("/agent").status_code == 302


def test_the_cookie_keeps_its_name(site):  # noqa: ANN001
    client = site.test_client()
    response = login(client, "minji", PASSWORD)
    assert response.headers["Set-Cookie"].startswith("session=")


# -- 7: password spraying ---------------------------------------------------------------

def test_failed_logins_are_capped_per_client_across_names(site):  # noqa: ANN001
    client = site.test_client()
    for n in range(20):
        assert login(client, f"user{n}", "wrong-password").status_code == 401
    assert login(client, "minji", PASSWORD).status_code == 429


def test_bad_csrf_refusals_do_not_count(site):  # noqa: ANN001
    client = site.test_client()
    for n in range(30):
        refused = client.post("/login", data={"name": f"u{n}", "password": "x",
                                              "csrf_token": "forged"})
        assert refused.status_code == 400
    assert login(client, "minji", PASSWORD).status_code == 302


# -- 8: chunked bodies, ts, idempotency ---------------------------------------------------

def test_a_chunked_body_over_the_cap_is_a_413(site):  # noqa: ANN001
    body = ("[" + ",".join(['{"type": "widget_open"}'] * 9000) + "]").encode()
    response = site.test_client().post(
        "/api/v1/events", input_stream=io.BytesIO(body),
        environ_overrides={"wsgi.input_terminated": True},
        headers={"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
    assert_api_error(response, 413)
    assert count(engine(site), "widget_open") == 0


@pytest.mark.parametrize("ts", ["0001-01-01T00:00:00Z", "2000-01-01T00:00:00+09:00",
                                "2999-01-01T00:00:00Z"])
def test_ts_outside_the_retention_window_is_refused(site, ts):  # noqa: ANN001
    response = site.test_client().post("/api/v1/events", json={"type": "widget_open", "ts": ts})
    assert_api_error(response, 400)


def test_ts_within_the_window_and_small_skew_is_kept(site):  # noqa: ANN001
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)).isoformat()
    response = site.test_client().post("/api/v1/events", json={"type": "widget_open", "ts": soon})
    assert response.status_code == 202


def test_a_retried_batch_is_stored_once(site):  # noqa: ANN001
    client = site.test_client()
    batch = [{"type": "widget_open"}, {"type": "handoff"}]
    for _ in range(2):
        response = client.post("/api/v1/events", json=batch,
                               headers={"Idempotency-Key": "batch-7f3a"})
        assert response.status_code == 202 and response.get_json()["stored"] == 2
    assert count(engine(site), "widget_open") == 1
    client.post("/api/v1/events", json=batch, headers={"Idempotency-Key": "batch-other"})
    assert count(engine(site), "widget_open") == 2
    assert_api_error(client.post("/api/v1/events", json=batch,
                                 headers={"Idempotency-Key": "x" * 200}), 400)


# -- the contact form's limit (issue 15) --------------------------------------------------

def test_contact_limit_counts_successes_per_session_and_address(site):  # noqa: ANN001
    client = site.test_client()
    for _ in range(8):  # mistakes do not count
        assert client.post("/api/v1/contact", json={**CONTACT, "consent": False}).status_code == 400
    for n in range(5):
        sent = client.post("/api/v1/contact", json={**CONTACT, "session": "s-a"})
        assert sent.status_code == 201, n
    refused = assert_api_error(client.post("/api/v1/contact", json={**CONTACT, "session": "s-a"}),
                               429)
    assert refused["error"].startswith("문의를 너무 자주 보냈어요")
    assert refused["error"].endswith("카카오톡 상담, 전화 상담 1588-0000, 이메일 문의")
    english = assert_api_error(client.post("/api/v1/contact?lang=en",
                                           json={**CONTACT, "session": "s-a"}), 429)
    assert english["error"].endswith("another way: Chat on KakaoTalk, Call 1588-0000, Email us")
    # another person on the same carrier address still gets through
    other = {**CONTACT, "contact": "jisu@example.com", "session": "s-b"}
    assert client.post("/api/v1/contact", json=other).status_code == 201


# -- 9: the Markdown report escapes customer text ------------------------------------------

def test_markdown_report_escapes_customer_text(tmp_path):  # noqa: ANN001
    from kb.content.tree import load_content
    from kb.db import connect
    from kb.insights import calendar
    from kb.insights.events import record_many
    from kb.insights.report import report
    from kbsite.kinds import KINDS

    store = connect(f"sqlite:///{tmp_path}/r.db")
    week = calendar.until("week", dt.date(2026, 10, 1))
    record_many(store, [{"type": "search", "session": "x", "source": "widget", "hits": "",
                         "query": "<script>alert(1)</script> & 환불 | 문의",
                         "ts": week.start_at + dt.timedelta(days=1)}])
    md = report(store, load_content(SAMPLE, kinds=KINDS), week, "md")
    assert "<script>" not in md
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; &amp; 환불 \\| 문의 | 1 |" in md


# -- 10: kb import streams; a cell over 128 K characters is a row error --------------------

def test_a_huge_cell_is_a_row_error_not_a_traceback(tmp_path):  # noqa: ANN001
    from kb.db import connect
    from kb.insights.sales import import_sales
    from kb.insights.sheets import import_sheet

    store = connect(f"sqlite:///{tmp_path}/i.db")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("일자,채널,구분,내용\n2026-11-02,전화,환불,환불 언제 되나요\n"
                     f'2026-11-02,전화,환불,"{"가" * 200_000}"\n'
                     "2026-11-03,전화,배송,배송 문의\n", "utf-8")
    result = import_sheet(store, sheet)
    assert result.imported == 2
    assert [e.text("en") for e in result.errors] == [
        "row 3: cannot read the row: a cell is over 131,072 characters or a quote is never closed"]
    sales = tmp_path / "sales.csv"
    sales.write_text("일자,제품,주문수\n2026-11-02,냉장고,3\n"
                     f"2026-11-02,{'x' * 140_000},1\n2026-11-03,세탁기,2\n", "utf-8")
    found = import_sales(store, sales)
    assert found.imported == 2 and [e.row for e in found.errors] == [3]


def test_import_reads_the_file_incrementally(tmp_path, monkeypatch):  # noqa: ANN001
    """Never the whole file at once: rows are read and stored in batches."""
    from pathlib import Path

    from kb.db import connect
    from kb.insights import sheets

    store = connect(f"sqlite:///{tmp_path}/s.db")
    sheet = tmp_path / "big.csv"
    sheet.write_text("일자,내용\n" + "".join(f"2026-11-02,질문 {n}\n" for n in range(5000)),
                     "utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("whole file read"))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: pytest.fail("whole file read"))
    stored: list[int] = []
    real = sheets.store_new if hasattr(sheets, "store_new") else None
    assert real is not None
    monkeypatch.setattr(sheets, "store_new",
                        lambda conn, table, batch: stored.append(len(batch)) or real(conn, table,
                                                                                     batch))
    result = sheets.import_sheet(store, sheet)
    assert result.imported == 5000 and stored == [2000, 2000, 1000]


def test_migration_5_adds_session_versions_to_an_older_store(tmp_path):  # noqa: ANN001
    from sqlalchemy import inspect

    from kb.db import connect, event_batches, migrate, schema_version

    store = connect(f"sqlite:///{tmp_path}/m.db")
    add_user(store, "minji", PASSWORD, "agent")
    with store.begin() as conn:  # a store as version 4 left it
        event_batches.drop(conn)
        conn.exec_driver_sql("ALTER TABLE users DROP COLUMN session_version")
        conn.execute(schema_version.delete().where(schema_version.c.version == 5))
    assert migrate(store) == 5
    assert "session_version" in {c["name"] for c in inspect(store).get_columns("users")}
    assert "event_batches" in inspect(store).get_table_names()
    from kb.accounts import authenticate

    assert authenticate(store, "minji", PASSWORD).session_version == 0


@pytest.mark.parametrize("kind", [{}, [], ["search"]])
def test_an_unhashable_event_type_is_a_400(site, kind):  # noqa: ANN001
    """Found by the fuzzer (tests/test_fuzz.py): `{"type": {}}` was a 500."""
    assert_api_error(site.test_client().post("/api/v1/events", json={"type": kind}), 400)


@pytest.mark.parametrize(("value", "written"), [
    (3, "3"), (-20, "-20"), (0.25, "0.25"), (True, "1"), (1e-07, "0.0000001"),
    (__import__("decimal").Decimal("1E+3"), "1000"), ("-20", "'-20"), ("+3", "'+3")])
def test_csv_numbers_are_plain_and_text_is_escaped(site, value, written):  # noqa: ANN001
    from kbsite.csvout import download

    with site.test_request_context():
        body = download([["v"], [value]], "x.csv").get_data(as_text=True)
    assert body == f"\ufeffv\r\n{written}\r\n"
