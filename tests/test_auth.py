"""Accounts, login, CSRF, the auth matrix over every route, links that unfurl, votes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kb.accounts import add_user
from kb.insights.events import count
from kb.insights.tasks import create
from kbsite import create_app
from kbsite.cli import main
from tests.conftest import SAMPLE, assert_api_error, form_token
from tests.conftest import login as shared_login

PASSWORD = "정확한-비밀번호-123"


@pytest.fixture
def site(tmp_path):  # noqa: ANN001, ANN201
    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    engine = app.extensions["answerloop.db"]
    add_user(engine, "minji", PASSWORD, "agent")
    add_user(engine, "boss", PASSWORD, "admin")
    add_user(engine, "lee", PASSWORD, "viewer")
    create(engine, "배송 지연 안내 개선")  # task 1, for /admin/tasks/1
    return app


def login(client, name: str, password: str = PASSWORD):  # noqa: ANN001, ANN201
    return shared_login(client, name, password)


def test_login_and_logout(site):  # noqa: ANN001
    client = site.test_client()
    response = login(client, "minji")
    assert response.status_code == 302 and response.headers["Location"] == "/agent"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/agent").status_code == 200
    logout = client.post("/logout", data={"csrf_token": form_token(client, "/agent")})
    assert logout.status_code == 302
    assert client.get("/agent").status_code == 302


@pytest.mark.parametrize(("name", "password"), [("minji", "틀린 비밀번호"), ("nobody", PASSWORD)])
def test_wrong_login_is_one_generic_message(site, name, password):  # noqa: ANN001
    response = login(site.test_client(), name, password)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "아이디 또는 비밀번호가 올바르지 않아요." in page
    assert "nobody" not in page.split("<form")[0]  # nothing says which part was wrong


def test_login_rate_limit(site):  # noqa: ANN001
    client = site.test_client()
    for _ in range(5):
        assert login(client, "minji", "wrong-password").status_code == 401
    blocked = login(client, "minji", PASSWORD)
    assert blocked.status_code == 429
    assert "로그인 시도가 너무 많아요" in blocked.get_data(as_text=True)


def test_csrf_is_required_on_forms(site):  # noqa: ANN001
    client = site.test_client()
    assert client.post("/login", data={"name": "minji", "password": PASSWORD}).status_code == 400
    bad = client.post("/login", data={"name": "minji", "password": PASSWORD,
                                      "csrf_token": "forged"})
    assert bad.status_code == 400
    vote = client.post("/articles/refund-request/feedback", data={"helpful": "yes"})
    assert vote.status_code == 400


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_next_never_leaves_the_site(site, target):  # noqa: ANN001
    client = site.test_client()
    response = client.post(f"/login?next={target}",
                           data={"name": "minji", "password": PASSWORD,
                                 "csrf_token": form_token(client)})
    assert response.headers["Location"] == "/agent"


# Every route in the URL map, with what anonymous visitors, agents, admins and viewers get.
PUBLIC = 200
MATRIX = {
    "/": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/categories/orders": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/articles/refund-request": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/search?q=환불": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/images/as-flow.svg": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/healthz": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/readyz": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/openapi.json": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/docs": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/sitemap.xml": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/robots.txt": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/login": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/static/manual.css": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/articles/refund-request": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/scenarios/main": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/search?q=환불": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/autocomplete?q=환": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/widget.js": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/widget/app.js": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/handoff": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/channels/kakao/demo": (302, 200, 200, 403),
    "/widget/demo": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/api/v1/suggest?url=https://shop.example/products/1": (PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    "/agent": (302, 200, 200, 403),
    "/admin": (302, 403, 200, 403),
    "/admin/gaps.csv": (302, 403, 200, 403),
    "/admin/stats.csv": (302, 403, 200, 403),
    "/api/v1/agent/articles/refund-request": (401, 200, 200, 403),
    "/api/v1/agent/stats?ids=refund-request": (401, 200, 200, 403),
    "/admin/tasks": (302, 403, 200, 200),
    "/admin/review": (302, 403, 200, 403),
    "/admin/report": (302, 403, 200, 403),
    "/admin/tasks?period=week&until=2026-11-02": (302, 403, 200, 200),
    "/admin/tasks/1": (302, 403, 200, 200),
}
POST_ONLY = {"/logout", "/articles/<article_id>/feedback", "/api/v1/events", "/api/v1/contact",
             "/admin/gaps/<key>/draft", "/admin/groups/merge", "/admin/groups/split",
             "/admin/tasks/new", "/admin/tasks/<int:task_id>/move",
             "/api/v1/channels/kakao/skill"}


def test_matrix_covers_every_route(site):  # noqa: ANN001
    rules = {r.rule for r in site.url_map.iter_rules()}
    covered = {re.sub(r"\?.*", "", path) for path in MATRIX}
    for rule in rules - POST_ONLY:
        pattern = re.sub(r"<(?:[^:>]+:)?[^>]+>", "[^/]+", rule)
        assert any(re.fullmatch(pattern, path) for path in covered), f"{rule} not in MATRIX"


@pytest.mark.parametrize("who", [0, 1, 2, 3], ids=["anonymous", "agent", "admin", "viewer"])
def test_auth_matrix(site, who):  # noqa: ANN001
    client = site.test_client()
    if who:
        login(client, ["", "minji", "boss", "lee"][who])
    for path, expected in MATRIX.items():
        response = client.get(path)
        assert response.status_code == expected[who], path
        if expected[who] in (401, 403) and path.startswith("/api/"):
            assert_api_error(response, expected[who])
        if expected[who] == 302:
            assert response.headers["Location"].startswith("/login?next=")
        response.close()


# Staff POST routes (with a valid CSRF token): who may change what.
STAFF_POSTS = {
    "/admin/gaps/some-key/draft": {},
    "/admin/groups/merge": {"keys": "a b"},
    "/admin/groups/split": {"key": "a", "wording": "b"},
    "/admin/tasks/new": {"key": "", "title": "새 과제"},
    "/admin/tasks/1/move": {"to": "planned"},
}


@pytest.mark.parametrize("name", ["minji", "lee"], ids=["agent", "viewer"])
@pytest.mark.parametrize("path", list(STAFF_POSTS))
def test_only_admins_post_to_admin_routes(site, name, path):  # noqa: ANN001
    client = site.test_client()
    login(client, name)
    token = form_token(client, "/admin/tasks" if name == "lee" else "/agent")
    response = client.post(path, data={**STAFF_POSTS[path], "csrf_token": token})
    assert response.status_code == 403


def test_viewer_lands_on_the_task_board_and_sees_only_it(site):  # noqa: ANN001
    client = site.test_client()
    response = login(client, "lee")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/tasks"
    page = client.get("/admin/tasks").get_data(as_text=True)
    nav = page.split('<nav class="staff"')[1].split("</nav>")[0]
    assert 'href="/admin/tasks"' in nav
    assert 'href="/agent"' not in nav and 'href="/admin"' not in nav
    # No staff numbers on articles for viewers: they are for agents.
    assert "상담원용:" not in client.get("/articles/order-cancel").get_data(as_text=True)


def test_link_preview_meta(client):  # noqa: ANN001
    page = client.get("/articles/refund-request?ref=agent").get_data(as_text=True)
    assert '<meta property="og:title" content="환불은 어떻게 신청하나요?">' in page
    assert '<meta property="og:url" content="http://127.0.0.1:8000/articles/refund-request">' in page
    assert '<meta property="og:image" content="http://127.0.0.1:8000/images/og-default.svg">' in page
    assert '<meta property="og:site_name" content="가전마켓 고객센터">' in page
    assert '<meta property="og:locale" content="ko_KR">' in page
    assert 'og:description" content="마이페이지' in page
    assert "ref=agent" not in re.search(r'rel="canonical" href="([^"]+)"', page).group(1)


def test_agent_shared_open_is_counted(site):  # noqa: ANN001
    client = site.test_client()
    engine = site.extensions["answerloop.db"]
    client.get("/articles/order-cancel?ref=agent")
    client.get("/articles/order-cancel")
    client.get("/articles/order-cancel?ref=kakao")  # a card's button in KakaoTalk
    client.get("/articles/order-cancel?ref=evil")  # anything else is the manual's
    assert count(engine, "article_view", article="order-cancel", source="agent") == 1
    assert count(engine, "article_view", article="order-cancel", source="kakao") == 1
    assert count(engine, "article_view", article="order-cancel", source="manual") == 2


def test_vote_with_comment(site):  # noqa: ANN001
    client = site.test_client()
    csrf = form_token(client, "/articles/refund-request")
    response = client.post("/articles/refund-request/feedback",
                           data={"helpful": "no", "comment": "카드 환불 기간이 없어요",
                                 "csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"].endswith("#feedback")
    engine = site.extensions["answerloop.db"]
    assert count(engine, "vote", article="refund-request", helpful=0) == 1
    # The comment counts toward the write-next queue as a 👎 comment.
    from kb.insights import calendar
    from kb.insights.gaps import gaps

    assert [dict(g.sources) for g in gaps(engine, calendar.current("week"))] == [
        {"👎 comment": 1}]
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "의견 고마워요!" in thanks


def test_sitemap_and_robots(client):  # noqa: ANN001
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://127.0.0.1:8000/articles/refund-request</loc><lastmod>2026-11-01</lastmod>" in xml
    assert "parts-purchase" not in xml
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /agent" in robots and "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


@pytest.mark.parametrize("path", ["/articles/..%2F..%2Fsite.yaml", "/articles/%2e%2e",
                                  "/images/..%2Fsite.yaml"])
def test_traversal_is_404(client, path):  # noqa: ANN001
    assert client.get(path).status_code == 404


def test_cli_user_add(tmp_path):  # noqa: ANN001
    runner = CliRunner()
    ok = runner.invoke(main, ["user", "add", "jisoo", "--role", "admin", "--password-stdin",
                              "--instance", str(tmp_path), "--lang", "en"], input=PASSWORD + "\n")
    assert ok.exit_code == 0 and "jisoo (admin) saved" in ok.output
    short = runner.invoke(main, ["user", "add", "jisoo", "--password-stdin",
                                 "--instance", str(tmp_path), "--lang", "en"], input="short\n")
    assert short.exit_code == 1
    assert short.output == "Error: password must be at least 10 characters\n"
    korean = runner.invoke(main, ["user", "add", "jisoo", "--password-stdin",
                                  "--instance", str(tmp_path)], input="short\n")
    assert korean.exit_code == 1 and korean.output == "오류: 비밀번호는 10자 이상이어야 해요\n"


def test_most_viewed_on_home_and_agent_stats(site):  # noqa: ANN001
    client = site.test_client()
    for _ in range(3):
        client.get("/articles/installment")
    home = client.get("/").get_data(as_text=True)
    assert "많이 본 문서" in home and 'href="/articles/installment"' in home
    csrf = form_token(client, "/articles/installment")
    client.post("/articles/installment/feedback", data={"helpful": "yes", "csrf_token": csrf})
    login(client, "minji")
    data = client.get("/api/v1/agent/stats?ids=installment,nope").get_json()
    assert data["stats"]["installment"] == {"views": 4, "votes": 1, "helpful": 100}
    assert data["stats"]["nope"] == {"views": 0, "votes": 0, "helpful": None}


def test_staff_see_article_numbers(site):  # noqa: ANN001
    client = site.test_client()
    client.get("/articles/order-cancel")
    assert "상담원용:" not in client.get("/articles/order-cancel").get_data(as_text=True)
    login(client, "minji")
    page = client.get("/articles/order-cancel").get_data(as_text=True)
    assert "상담원용: 조회 3 · 도움됨 –" in page


def test_cli_roles_are_the_accounts_roles():
    from kb.accounts import ROLES
    from kbsite.cli import accounts

    assert accounts.ROLES == ROLES


def test_each_role_lands_on_its_own_page(site):  # noqa: ANN001
    landing = {}
    for name in ("minji", "boss"):
        landing[name] = login(site.test_client(), name).headers["Location"]
    assert landing == {"minji": "/agent", "boss": "/admin"}


def test_staff_pages_have_no_customer_footer(site):  # noqa: ANN001
    client = site.test_client()
    assert 'aria-labelledby="contact-title"' in client.get("/").get_data(as_text=True)
    login(client, "boss")
    for page in ("/agent", "/admin", "/admin/tasks"):
        body = client.get(page).get_data(as_text=True)
        assert 'aria-labelledby="contact-title"' not in body, page
        assert "footer-name" in body  # the footer itself stays, without the channels


def test_console_numbers_cover_the_last_30_days(site):  # noqa: ANN001
    import datetime as dt

    from sqlalchemy import update

    from kb.db import events

    client = site.test_client()
    for _ in range(2):
        client.get("/articles/payment-methods")
    engine = site.extensions["answerloop.db"]
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with engine.begin() as conn:  # one of the two views is older than 30 days
        first = conn.execute(events.select().where(events.c.article == "payment-methods")
                             .order_by(events.c.id)).first()
        conn.execute(update(events).where(events.c.id == first.id).values(ts=old))
    login(client, "minji")
    data = client.get("/api/v1/agent/stats?ids=payment-methods").get_json()
    assert data["days"] == 30 and data["stats"]["payment-methods"]["views"] == 1
