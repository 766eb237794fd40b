"""The widget embedded in a shop page on another origin with a strict CSP and hostile CSS."""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, select

from kb.db import contacts
from tests.browser.conftest import BLOCKING_IMPACTS, describe, free_port, run_axe, wait_js

pytestmark = pytest.mark.browser
NONCE = "r4nd0m-n0nce"

HOST_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>가전마켓 — {title}</title>
<style nonce="{nonce}">* {{ all: unset; }} button {{ display: none !important; }}
div {{ color: red; font-size: 40px; }}
/* all: unset would print the page's own <script> source as text: keep head content hidden */
head, script, style, title {{ display: none !important; }}</style>
<script nonce="{nonce}">
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {{
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
}});
</script>
</head><body><main><h1>{title}</h1><a href="/products/2">다음 상품</a></main>
<script src="{server}/widget.js" data-scenario="{scenario}" nonce="{nonce}" async></script>
</body></html>"""


def serve_host(port: int, server: str, scenario: str = "main") -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            asked = parse_qs(urlsplit(self.path).query).get("scenario", [scenario])[0]
            body = HOST_PAGE.format(title=urlsplit(self.path).path, nonce=NONCE, server=server,
                                    scenario=html.escape(asked)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy",
                             f"default-src 'none'; script-src 'nonce-{NONCE}' 'strict-dynamic'; "
                             f"style-src 'nonce-{NONCE}'; connect-src {server}; img-src {server}; "
                             "base-uri 'none'; form-action 'none'")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def shop(live_server, host_port) -> Iterator[str]:  # noqa: ANN001
    httpd = serve_host(host_port, live_server)
    yield f"http://127.0.0.1:{host_port}"
    httpd.shutdown()
    httpd.server_close()


def opened(page, url: str):  # noqa: ANN001, ANN201
    page.goto(url)
    launcher = page.get_by_role("button", name="도움말")
    launcher.click()
    page.wait_for_selector("answerloop-widget >> .options .option")
    return launcher


def widget(page):  # noqa: ANN001, ANN201
    return page.locator("answerloop-widget")


def test_launcher_survives_hostile_css_and_loads_one_file(new_page, shop, live_server):  # noqa: ANN001
    page = new_page("desktop")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(shop + "/products/1")
    launcher = page.get_by_role("button", name="도움말")
    launcher.wait_for()
    assert launcher.is_visible()
    widget_requests = [u for u in requests if u.startswith(live_server)]
    assert [u.split("?")[0] for u in widget_requests] == [live_server + "/widget.js"]
    assert page.evaluate("window.__csp") == []


def test_walk_three_levels_back_home_and_answer(new_page, shop):  # noqa: ANN001
    page = new_page("desktop")
    opened(page, shop + "/products/1")
    w = widget(page)
    assert "가전마켓 고객센터예요" in w.locator(".log").inner_text()
    assert "이 페이지에서 많이 찾는 도움말이에요." in w.locator(".log").inner_text()  # page rule
    w.get_by_role("button", name="주문/결제", exact=True).click()
    w.get_by_role("button", name="결제 수단", exact=True).click()
    w.get_by_role("button", name="결제 오류가 나요", exact=True).click()
    log = w.locator(".log")
    log.get_by_text("결제 오류는 대부분").wait_for()  # the answer, rendered server-side
    assert w.get_by_role("link", name="카카오톡 상담").is_visible()  # this answer hands off
    assert "해결되었나요?" not in log.inner_text()  # a hand-off ending asks nothing more
    w.get_by_role("button", name="← 뒤로").click()  # from the ending to its siblings (engine)
    assert w.get_by_role("button", name="무이자 할부", exact=True).is_visible()
    w.get_by_role("button", name="⌂ 처음으로").click()
    assert w.get_by_role("button", name="주문/결제", exact=True).is_visible()
    assert page.evaluate("window.__csp") == []


def test_question_article_vote_and_persistence(new_page, shop):  # noqa: ANN001
    page = new_page("phone")
    opened(page, shop + "/products/1")
    w = widget(page)
    w.get_by_label("궁금한 점을 입력하세요").fill("환불은 어떻게 신청하나요")
    w.get_by_role("button", name="보내기").click()
    w.locator(".cards .card").first.wait_for()
    w.locator(".log .card", has_text="환불은 어떻게 신청하나요?").first.click()
    w.locator(".overlay-title").wait_for()
    assert w.locator(".overlay-title").inner_text() == "환불은 어떻게 신청하나요?"
    assert w.get_by_role("link", name="전체 페이지에서 보기").get_attribute("href").endswith(
        "/articles/refund-request")
    w.locator(".overlay .vote").get_by_role("button", name="네, 해결됐어요").click()  # 👍
    w.get_by_text("의견 고마워요!").wait_for()
    w.get_by_role("button", name="← 뒤로").first.click()
    # Navigate within the shop: the conversation comes back open.
    page.goto(shop + "/products/2")
    page.wait_for_selector("answerloop-widget >> .log .msg.me")
    assert "환불은 어떻게 신청하나요" in widget(page).locator(".log").inner_text()
    assert page.evaluate("window.__csp") == []


def test_handoff_contact_form_saved(new_page, shop, server_instance):  # noqa: ANN001
    page = new_page("desktop")
    opened(page, shop + "/cart")
    w = widget(page)
    w.get_by_role("button", name="상담원 연결").last.click()
    w.get_by_role("button", name="문의 남기기").last.click()
    w.get_by_role("button", name="보내기").last.click()  # empty: field errors, nothing saved
    w.get_by_text("필수 항목이에요.").first.wait_for()
    w.get_by_label("이름", exact=True).fill("김민지")
    w.get_by_label("이메일 또는 전화번호").fill("010-1234-5678")
    w.get_by_label("문의 내용").fill("냉장고 설치 날짜를 바꾸고 싶어요 <script>alert(1)</script>")
    w.get_by_label("답변을 위해 이름과 연락처를").check()
    w.get_by_role("button", name="보내기").last.click()
    w.get_by_text("문의를 받았어요.").wait_for()
    engine = create_engine(f"sqlite:///{server_instance}/instance/answerloop.db")
    with engine.connect() as conn:
        saved = [r.question for r in conn.execute(select(contacts))]
    engine.dispose()
    assert "냉장고 설치 날짜를 바꾸고 싶어요 <script>alert(1)</script>" in saved
    assert page.evaluate("window.__csp") == []


def test_keyboard_escape_returns_focus(new_page, shop):  # noqa: ANN001
    page = new_page("desktop")
    page.goto(shop + "/products/1")
    launcher = page.get_by_role("button", name="도움말")
    launcher.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("answerloop-widget >> .options .option")
    assert page.evaluate("document.querySelector('answerloop-widget').shadowRoot.activeElement"
                         ".classList.contains('option')")
    page.keyboard.press("Escape")
    assert widget(page).locator(".panel").is_hidden()
    assert page.evaluate("document.querySelector('answerloop-widget').shadowRoot.activeElement"
                         ".className") == "launcher"


def test_widget_axe(new_page, shop, axe_source):  # noqa: ANN001
    page = new_page("phone")
    opened(page, shop + "/products/1")
    results = run_axe(page, axe_source)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS
                and any("answerloop-widget" in str(n["target"]) for n in v["nodes"])]
    assert not blocking, describe(blocking)


def test_unknown_scenario_and_unreachable_api(new_page, live_server):  # noqa: ANN001
    port = free_port()  # an origin the help center does not allow: the API calls fail
    httpd = serve_host(port, live_server, scenario="nope")
    try:
        page = new_page("desktop")
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(f"http://127.0.0.1:{port}/products/1")
        page.get_by_role("button", name="도움말").click()
        w = widget(page)
        w.get_by_text("지금은 도움말 서버에 연결할 수 없어요").wait_for()
        # A desktop cannot dial: the number is shown as text, not as a tel: link.
        w.get_by_text("전화 상담 1588-0000").first.wait_for()
        assert w.locator("a[href^='tel:']").count() == 0
        assert w.get_by_label("궁금한 점을 입력하세요").is_visible()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_unknown_scenario_still_opens_with_search(new_page, shop):  # noqa: ANN001
    page = new_page("desktop")
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(shop + "/products/1?scenario=nope")
    page.get_by_role("button", name="도움말").click()
    w = widget(page)
    w.get_by_role("button", name="상담원 연결").wait_for()
    assert any("unknown scenario 'nope'" in m for m in messages)
    w.get_by_label("궁금한 점을 입력하세요").fill("배송조회")
    w.get_by_role("button", name="보내기").click()
    w.locator(".cards .card", has_text="배송 조회는 어떻게 하나요?").wait_for()


def test_html_in_labels_and_answers_is_never_executed(new_page, shop):  # noqa: ANN001
    page = new_page("desktop")
    page.goto(shop + "/products/1?scenario=html")
    page.get_by_role("button", name="도움말").click()
    w = widget(page)
    label = "<img src=x onerror=alert(1)>굵게"
    w.get_by_role("button", name=label, exact=True).click()  # the label, shown as text
    w.locator(".answer b", has_text="굵은").wait_for()  # sanitized answer HTML kept
    assert w.locator("img").count() == 0 and w.locator("script").count() == 0
    assert page.evaluate("window.__csp") == []


def test_js_api(new_page, shop):  # noqa: ANN001
    page = new_page("desktop")
    page.goto(shop + "/products/1")
    wait_js(page, "!!(window.Answerloop && typeof window.Answerloop.on === 'function')")
    page.evaluate("window.__events = []; Answerloop.on('search', e => __events.push(e.query));"
                  "Answerloop.search('환불 신청')")
    widget(page).locator(".cards .card").first.wait_for()
    assert page.evaluate("window.__events") == ["환불 신청"]
    page.evaluate("Answerloop.openArticle('delivery-fee')")
    widget(page).locator(".overlay-title", has_text="배송비").wait_for()
    page.evaluate("Answerloop.close()")
    assert widget(page).locator(".panel").is_hidden()
