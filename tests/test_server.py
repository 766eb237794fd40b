"""`kb serve` as a real HTTP server in a subprocess, spoken to over a socket."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import dev_server

pytestmark = pytest.mark.server



class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")


@pytest.fixture
def server(sample_copy, tmp_path) -> Iterator[tuple[str, object]]:  # noqa: ANN001
    with dev_server(sample_copy, tmp_path / "instance", "--reload") as base:
        yield base, sample_copy


def test_pages_over_http(server):  # noqa: ANN001
    base, _ = server
    status, headers, body = fetch(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "가전마켓 고객센터" in body
    status, _, body = fetch(base + "/articles/refund-request")
    assert status == 200 and "환불은 어떻게 신청하나요?" in body
    status, headers, _ = fetch(base + "/articles/refund")
    assert status == 301 and headers["Location"].endswith("/articles/refund-request")
    status, _, body = fetch(base + "/articles/nope")
    assert status == 404 and "페이지를 찾을 수 없어요" in body


def test_api_errors_over_http(server):  # noqa: ANN001
    base, _ = server
    status, headers, body = fetch(base + "/api/v1/articles/nope")
    assert status == 404 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"ok": False, "error": "'nope' 문서가 없어요", "status": 404}
    status, _, body = fetch(base + "/api/v1/articles/nope?lang=en")
    assert json.loads(body) == {"ok": False, "error": "no article 'nope'", "status": 404}


def test_reload_keeps_last_good_over_http(server):  # noqa: ANN001
    base, root = server
    path = root / "articles" / "orders" / "order-cancel.md"
    good = path.read_text("utf-8")
    path.write_text(good.replace("\ntitle:", "\ntitle: [깨진", 1), "utf-8")
    time.sleep(1.2)  # the server looks for changes at most once a second
    status, _, body = fetch(base + "/articles/order-cancel")
    assert status == 200
    health = json.loads(fetch(base + "/healthz")[2])
    assert health["errors"] == 1
    path.write_text(good.replace("\ntitle:", "\ntitle: 새 제목 -", 1), "utf-8")
    time.sleep(1.2)
    assert "새 제목 -" in fetch(base + "/articles/order-cancel")[2]


def test_link_previews_and_crawlers_over_http(server):  # noqa: ANN001
    base, _ = server
    _, _, page = fetch(base + "/articles/refund-request?ref=agent")
    assert '<meta property="og:title" content="환불은 어떻게 신청하나요?">' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/refund-request">' in page
    status, headers, xml = fetch(base + "/sitemap.xml")
    assert status == 200 and headers["Content-Type"].startswith("application/xml")
    assert "/articles/refund-request</loc>" in xml


def test_auth_over_http(server):  # noqa: ANN001
    base, _ = server
    status, headers, _ = fetch(base + "/agent")
    assert status == 302 and headers["Location"].startswith("/login?next=")
    status, _, body = fetch(base + "/api/v1/agent/stats?ids=x")
    assert status == 401 and json.loads(body)["error"] == "로그인이 필요해요"
    status, _, body = fetch(base + "/api/v1/agent/stats?ids=x&lang=en")
    assert status == 401 and json.loads(body)["error"] == "login required"
    request = urllib.request.Request(base + "/login", data=b"name=a&password=b", method="POST")
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a login without a CSRF token was accepted")
    except urllib.error.HTTPError as exc:
        with exc:
            assert exc.code == 400
