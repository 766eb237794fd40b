"""The widget's server side: loader, app, suggestions, events, contact form, CORS, caching."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kb.db import contacts, events
from kbsite import create_app
from tests.conftest import SAMPLE, assert_api_error, login

SHOP = "https://shop.example"


@pytest.fixture
def widget_app(tmp_path):  # noqa: ANN001, ANN201
    return create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                       "INSTANCE_DIR": str(tmp_path / "instance")})


def rows(app, table) -> list[dict]:  # noqa: ANN001
    with app.extensions["answerloop.db"].connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table))]


def test_loader_has_settings_and_caches(client):  # noqa: ANN001
    response = client.get("/widget.js")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/javascript"
    assert "__ANSWERLOOP_CONFIG__" not in body and '"greeting": "안녕하세요, 가전마켓' in body
    assert '"app": "/widget/app.js?v=' in body
    assert response.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_versioned_app_is_cached_long(client):  # noqa: ANN001
    loader = client.get("/widget.js").get_data(as_text=True)
    path = json.loads(loader.split("var config = ", 1)[1].split(";\n", 1)[0])["app"]
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000"


def test_scenario_json_has_etag(client):  # noqa: ANN001
    first = client.get("/api/v1/scenarios/main")
    assert first.headers["ETag"]
    assert client.get("/api/v1/scenarios/main",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_suggest_by_page_rules(client):  # noqa: ANN001
    data = client.get("/api/v1/suggest?url=https://shop.example/products/123").get_json()
    assert [a["id"] for a in data["articles"]] == ["delivery-fee", "install-schedule", "installment"]
    assert client.get("/api/v1/suggest?url=https://shop.example/about").get_json()["articles"] == []


def test_cors_only_for_allowed_origins(client):  # noqa: ANN001
    allowed = client.get("/api/v1/search?q=환불", headers={"Origin": SHOP})
    assert allowed.headers["Access-Control-Allow-Origin"] == SHOP
    other = client.get("/api/v1/search?q=환불", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/contact", headers={
        "Origin": SHOP, "Access-Control-Request-Method": "POST"})
    assert preflight.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    staff = client.get("/api/v1/agent/stats", headers={"Origin": SHOP})
    assert "Access-Control-Allow-Origin" not in staff.headers


def test_events_batch_from_sendbeacon(widget_app):  # noqa: ANN001
    client = widget_app.test_client()
    batch = [
        {"type": "widget_open", "session": "s-1"},
        {"type": "scenario_step", "session": "s-1", "scenario": "main",
         "path": ["주문/결제", "결제 수단", "무이자 할부"]},
        {"type": "search", "session": "s-1", "query": "설치 기사님 언제 와요",
         "hits": ["installer-visit-time"]},
        {"type": "vote", "session": "s-1", "article": "installment", "helpful": False},
    ]
    response = client.post("/api/v1/events", data=json.dumps(batch, ensure_ascii=False),
                           content_type="text/plain;charset=UTF-8")
    assert response.status_code == 202 and response.get_json() == {"ok": True, "stored": 4}
    stored = rows(widget_app, events)
    assert [r["type"] for r in stored] == ["widget_open", "scenario_step", "search", "vote"]
    assert stored[1]["path"] == "주문/결제 > 결제 수단 > 무이자 할부"
    assert stored[2]["hits"] == "installer-visit-time" and stored[3]["helpful"] == 0


@pytest.mark.parametrize(("body", "message"), [
    ("not json", "body is not JSON"),
    ('{"type": "party"}', "unknown type 'party'; expected one of: widget_open, search, "
     "search_click, article_view, vote, scenario_step, handoff, contact"),
    ('{"type": "search"}', "'search' needs: query"),
    ('{"type": "vote", "article": "a", "helpful": "yes"}', "'helpful' must be true or false"),
    ('{"type": "search", "query": 5}', "'query' must be a string of at most 200 characters"),
    ('{"type": "handoff", "ip": "1.2.3.4"}', "unknown field 'ip'"),
    (json.dumps([{"type": "handoff"}] * 51), "a batch holds at most 50 events, got 51"),
    ('[{"type": "handoff"}, {"type": "nope"}]', "event 1: unknown type 'nope'; expected one of: "
     "widget_open, search, search_click, article_view, vote, scenario_step, handoff, contact"),
])
def test_bad_events_store_nothing(widget_app, body, message):  # noqa: ANN001
    response = widget_app.test_client().post("/api/v1/events?lang=en", data=body,
                                             content_type="application/json")
    assert assert_api_error(response, 400)["error"] == message
    assert rows(widget_app, events) == []


def test_oversized_event_body(widget_app):  # noqa: ANN001
    response = widget_app.test_client().post("/api/v1/events", data="x" * (65 * 1024))
    assert response.status_code == 413 and response.get_json()["ok"] is False


GOOD = {"name": "김민지", "contact": "minji@example.com", "question": "세탁기 설치 날짜를 바꾸고 싶어요",
        "consent": True, "session": "s-9", "page": "https://shop.example/cart"}


def test_contact_form_saved(widget_app):  # noqa: ANN001
    response = widget_app.test_client().post("/api/v1/contact", json=GOOD,
                                             headers={"Origin": SHOP})
    assert response.status_code == 201 and response.get_json()["ok"] is True
    assert response.headers["Access-Control-Allow-Origin"] == SHOP
    saved = rows(widget_app, contacts)
    assert [(r["name"], r["contact"], r["question"]) for r in saved] == [
        ("김민지", "minji@example.com", "세탁기 설치 날짜를 바꾸고 싶어요")]


@pytest.mark.parametrize(("change", "fields"), [
    ({"name": "", "contact": "not an address"},
     {"name": "필수 항목이에요.", "contact": "이메일 주소나 전화번호를 써 주세요."}),
    ({"question": "가" * 2001, "consent": False},
     {"question": "2000자 이하로 써 주세요.", "consent": "개인정보 수집·이용에 동의해 주세요."}),
    ({"contact": "010-1234-5678", "name": "x" * 81}, {"name": "80자 이하로 써 주세요."}),
])
def test_contact_form_field_errors_save_nothing(widget_app, change, fields):  # noqa: ANN001
    response = widget_app.test_client().post("/api/v1/contact", json={**GOOD, **change})
    data = response.get_json()
    assert response.status_code == 400 and data["ok"] is False and data["status"] == 400
    assert data["fields"] == fields
    assert rows(widget_app, contacts) == []


def test_contact_form_can_ask_to_hear_back(widget_app):  # noqa: ANN001
    from kb.db import followups

    client = widget_app.test_client()
    assert client.post("/api/v1/contact", json={**GOOD, "notify": True}).status_code == 201
    kept = rows(widget_app, followups)
    assert [(r["email"], r["question"], r["source"]) for r in kept] == [
        ("minji@example.com", "세탁기 설치 날짜를 바꾸고 싶어요", "widget")]
    phone = client.post("/api/v1/contact?lang=en",
                        json={**GOOD, "contact": "010-1234-5678", "notify": True})
    assert phone.status_code == 400 and phone.get_json()["fields"] == {
        "notify": "to hear back, give an e-mail address as your contact"}
    assert len(rows(widget_app, contacts)) == 1 and len(rows(widget_app, followups)) == 1


def test_contacts_listed_for_admins(widget_app):  # noqa: ANN001
    from kb.accounts import add_user

    widget_app.test_client().post("/api/v1/contact", json=GOOD)
    add_user(widget_app.extensions["answerloop.db"], "boss", "관리자-비밀번호-123", "admin")
    client = widget_app.test_client()
    login(client, "boss", "관리자-비밀번호-123")
    admin = client.get("/admin").get_data(as_text=True)
    assert "세탁기 설치 날짜를 바꾸고 싶어요" in admin and "minji@example.com" in admin


def test_demo_page(client):  # noqa: ANN001
    page = client.get("/widget/demo").get_data(as_text=True)
    assert '&lt;script src=&#34;http://127.0.0.1:8000/widget.js&#34; data-scenario=&#34;main&#34; async&gt;' in page
    assert '<script src="/widget.js" data-scenario="main" async>' in page
