"""/readyz, gzip and the API reference page, through the test client."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import create_engine

from kbsite import create_app
from tests.conftest import SAMPLE, assert_api_error

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def make_app(tmp_path, content=SAMPLE):  # noqa: ANN001, ANN201
    return create_app({"TESTING": True, "CONTENT_DIR": str(content),
                       "INSTANCE_DIR": str(tmp_path / "instance")})


def test_ready_when_content_index_and_database_answer(tmp_path):  # noqa: ANN001
    response = make_app(tmp_path).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["ok"] is True and data["database"] == "sqlite"
    assert data["articles"] == data["indexed"] > 40


def test_not_ready_without_content(tmp_path):  # noqa: ANN001
    empty = tmp_path / "empty"
    empty.mkdir()
    # Without site.yaml the site speaks Korean only.
    data = assert_api_error(make_app(tmp_path, empty).test_client().get("/readyz"), 503)
    assert data["error"] == f"콘텐츠가 없어요: {empty}에 게시된 문서가 없어요"


def test_not_ready_when_the_index_cannot_open(tmp_path):  # noqa: ANN001
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "index").write_text("not a folder", "utf-8")  # cannot open/build
    client = make_app(tmp_path).test_client()
    data = assert_api_error(client.get("/readyz?lang=en"), 503)
    assert data["error"].startswith("the search index cannot be opened (")
    data = assert_api_error(client.get("/readyz"), 503)
    assert data["error"].startswith("검색 색인을 열 수 없어요 (")
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_not_ready_when_the_database_does_not_answer(tmp_path):  # noqa: ANN001
    app = make_app(tmp_path)
    # Port 1 refuses connections at once: a database URL that does not answer.
    app.extensions["answerloop.db"] = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    data = assert_api_error(app.test_client().get("/readyz?lang=en"), 503)
    assert data["error"].startswith("the database does not answer (OperationalError: ")
    assert "content" not in data["error"] and "index" not in data["error"]


def test_every_reason_is_given_at_once(tmp_path):  # noqa: ANN001
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "index").write_text("x", "utf-8")
    app = make_app(tmp_path, empty)
    app.extensions["answerloop.db"] = create_engine("sqlite:////nonexistent/folder/x.db")
    data = assert_api_error(app.test_client().get("/readyz"), 503)
    assert data["error"].count("; ") == 2


# --- gzip -------------------------------------------------------------------------------

def test_json_and_html_are_gzipped_when_accepted(client):  # noqa: ANN001
    plain = client.get("/api/v1/search?q=환불")
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    packed = client.get("/api/v1/search?q=환불", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    page = client.get("/articles/refund-request", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip"
    assert "환불은 어떻게 신청하나요?" in gzip.decompress(page.data).decode("utf-8")


@pytest.mark.parametrize("accept", ["", "identity", "gzip;q=0", "br", "deflate"])
def test_not_gzipped_unless_gzip_is_acceptable(client, accept):  # noqa: ANN001
    response = client.get("/api/v1/search?q=환불", headers={"Accept-Encoding": accept})
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["ok"] is True


def test_star_allows_gzip(client):  # noqa: ANN001
    response = client.get("/api/v1/search?q=환불", headers={"Accept-Encoding": "*"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_small_bodies_and_files_from_disk_are_left_alone(client):  # noqa: ANN001
    small = client.get("/healthz", headers=GZIP)
    assert len(small.data) < 1024 and "Content-Encoding" not in small.headers
    css = client.get("/static/manual.css", headers=GZIP)  # send_file: direct passthrough
    assert css.status_code == 200 and "Content-Encoding" not in css.headers
    css.close()


def test_etag_stays_meaningful(client):  # noqa: ANN001
    first = client.get("/widget/app.js", headers=GZIP)
    assert first.headers["Content-Encoding"] == "gzip"
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/widget/app.js", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    plain = client.get("/widget/app.js")
    assert plain.headers["ETag"] == etag.removeprefix("W/")  # strong for the plain bytes


def test_partial_content_is_not_gzipped(client):  # noqa: ANN001
    response = client.get("/static/manual.css", headers={**GZIP, "Range": "bytes=0-99"})
    assert response.status_code == 206 and "Content-Encoding" not in response.headers
    response.close()


# --- the API reference page ---------------------------------------------------------------

def test_api_docs_page_renders_every_path(client):  # noqa: ANN001
    doc = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/docs?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Answerloop API" in html and "<script>" not in html
    for path, methods in doc["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in html
    assert "https://" not in page.headers["Content-Security-Policy"].split("img-src")[0]


def test_behind_a_proxy_rate_limits_count_real_clients(tmp_path):  # noqa: ANN001
    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE), "PROXY_HOPS": 1,
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = app.test_client()
    good = {"name": "김민지", "contact": "minji@example.com", "question": "설치 문의",
            "consent": True}
    for _ in range(5):
        headers = {"X-Forwarded-For": "203.0.113.7"}
        assert client.post("/api/v1/contact", json=good, headers=headers).status_code == 201
    assert_api_error(client.post("/api/v1/contact", json=good,
                                 headers={"X-Forwarded-For": "203.0.113.7"}), 429)
    other = client.post("/api/v1/contact", json=good, headers={"X-Forwarded-For": "198.51.100.2"})
    assert other.status_code == 201


def test_a_read_only_database_keeps_the_manual_and_says_why(tmp_path):  # noqa: ANN001
    """The store opened read-only (SQLite's mode=ro, as a full disk or a replica behaves):
    pages and search still answer, visits are not recorded but counted, /readyz says why;
    the writable store back → ready."""
    app = make_app(tmp_path)
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    writable_engine = app.extensions["answerloop.db"]
    database = tmp_path / "instance" / "answerloop.db"
    read_only = create_engine(f"sqlite:///file:{database}?mode=ro&uri=true")
    app.extensions["answerloop.db"] = read_only
    try:
        assert client.get("/articles/refund-request").status_code == 200
        assert client.get("/search?q=환불").status_code == 200
        data = assert_api_error(client.get("/readyz?lang=en"), 503)
        assert data["error"].startswith("the database is read-only")
        korean = assert_api_error(client.get("/readyz"), 503)
        assert korean["error"].startswith("데이터베이스가 읽기 전용이에요")
    finally:
        app.extensions["answerloop.db"] = writable_engine
        read_only.dispose()
    ready = client.get("/readyz").get_json()
    assert ready["ok"] is True and ready["visits_not_recorded"]["store"] >= 2
