"""The widget on a Korean shop page, at phone and desktop widths: 44 px targets, a launcher
that clears a sticky buy bar, honest low-confidence replies, one hand-off; the manual and
console scoped to the page's language. Screenshots go to each test's tmp_path."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.conftest import free_port, wait_js
from tests.browser.test_agent import logged_in
from tests.browser.test_widget import serve_host

pytestmark = pytest.mark.browser
BAR = 64  # px: the shop's sticky 장바구니/바로구매 bar

SHOP = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>가전마켓 상품</title>
<style>body {{ margin: 0; height: 3000px; font-family: sans-serif; }}
#buybar {{ position: fixed; left: 0; right: 0; bottom: 0; height: {bar}px; display: flex;
  background: #222; }}
#buybar button {{ flex: 1; font-size: 18px; }}</style></head>
<body><h1>냉장고 RF85</h1>
<div id="buybar"><button>장바구니</button><button>바로구매</button></div>
<script src="{server}/widget.js" data-scenario="main" data-offset-bottom="{offset}"{hide} async></script>
</body></html>"""

# Every control in the widget's shadow root: its box, role and name.
CONTROLS = """() => {
  const root = document.querySelector("answerloop-widget").shadowRoot;
  const sel = "button, a.btn, .full, input:not([type=checkbox]), textarea, label.consent";
  return [...root.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => {
    const r = e.getBoundingClientRect();
    return {name: (e.getAttribute("aria-label") || e.textContent || e.tagName).trim().slice(0, 30),
            x: r.x, y: r.y, w: r.width, h: r.height};
  });
}"""


@pytest.fixture(scope="module")
def shop(live_server, host_port) -> Iterator[str]:  # noqa: ANN001
    """The allowed-origin shop page of test_widget (strict CSP, hostile CSS)."""
    httpd = serve_host(host_port, live_server)
    yield f"http://127.0.0.1:{host_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def shop_page(live_server) -> Iterator[str]:  # noqa: ANN001
    """A shop page with a fixed bottom bar; `?offset=N` sets data-offset-bottom (last in the
    query), `hide=1` adds data-hide-on-scroll."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            offset = self.path.partition("offset=")[2] or "20"
            hide = " data-hide-on-scroll" if "hide=1" in self.path else ""
            body = SHOP.format(bar=BAR, server=live_server, offset=offset, hide=hide).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()  # not an allowed origin: only the loader is needed here
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


def box(page, selector: str) -> dict[str, float]:  # noqa: ANN001
    found = page.locator(selector).bounding_box()
    assert found, selector
    return found


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_launcher_clears_the_sticky_buy_bar(viewport, new_page, shop_page, tmp_path: Path):  # noqa: ANN001
    page = new_page(viewport)
    page.goto(shop_page + f"/products/1?offset={BAR + 12}")
    launcher = page.get_by_role("button", name="도움말")
    launcher.wait_for()
    bar, button = box(page, "#buybar"), launcher.bounding_box()
    page.screenshot(path=str(tmp_path / f"launcher-{viewport}.png"))
    assert button["y"] + button["height"] <= bar["y"], (button, bar)
    assert button["height"] >= 44 and button["width"] >= 44
    page.evaluate("Answerloop.setOffset({bottom: 200, side: 8})")  # the JS API setter
    wait_js(page, "(() => { const r = document.querySelector('answerloop-widget')"
                  ".getBoundingClientRect(); return innerHeight - r.bottom === 200; })()")
    # Without an offset the launcher sits on the bar: the case the option exists for.
    page.goto(shop_page + "/products/1")
    launcher.wait_for()
    low = launcher.bounding_box()
    assert low["y"] + low["height"] > bar["y"]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_widget_control_is_a_44px_target(viewport, new_page, shop, tmp_path: Path):  # noqa: ANN001
    page = new_page(viewport)
    page.goto(shop + "/products/1")
    page.get_by_role("button", name="도움말").click()
    w = page.locator("answerloop-widget")
    w.locator(".options .option").first.wait_for()
    w.get_by_role("button", name="배송", exact=True).click()
    w.get_by_role("button", name="배송 조회", exact=True).click()
    w.locator(".cards .card").last.wait_for()
    w.locator(".resolved.open button").first.wait_for()
    page.screenshot(path=str(tmp_path / f"widget-{viewport}.png"))
    controls = page.evaluate(CONTROLS)
    w.locator(".cards .card").last.click()  # the article overlay: back, full page, 👍/👎
    w.locator(".overlay .vote button").first.wait_for()
    controls += page.evaluate(CONTROLS)
    w.locator(".overlay").get_by_role("button", name="← 뒤로").click()
    w.get_by_role("button", name="⌂ 처음으로").click()
    w.get_by_role("button", name="상담원 연결", exact=True).click()
    w.get_by_role("button", name="문의 남기기").last.click()
    w.locator(".contact textarea").wait_for()
    page.screenshot(path=str(tmp_path / f"contact-{viewport}.png"))
    controls += page.evaluate(CONTROLS)
    small = [c for c in controls if c["w"] < 44 or c["h"] < 44]
    assert not small, small
    names = {c["name"] for c in controls}
    assert {"닫기", "네, 해결됐어요", "아니요", "보내기"} <= names
    resolved = w.locator(".resolved.open button")  # "해결되었나요?": apart, not touching
    if resolved.count() == 2:
        yes, no = resolved.nth(0).bounding_box(), resolved.nth(1).bounding_box()
        assert no["x"] >= yes["x"] + yes["width"] + 6 or no["y"] >= yes["y"] + yes["height"] + 6
    word_break = page.evaluate("getComputedStyle(document.querySelector('answerloop-widget')"
                               ".shadowRoot.querySelector('.card')).wordBreak")
    assert word_break == "keep-all"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_low_confidence_says_not_sure_and_offers_a_way_on(viewport, new_page, shop,  # noqa: ANN001
                                                           tmp_path: Path):
    page = new_page(viewport)
    page.add_init_script("window.__beacons = []; navigator.sendBeacon = (url, blob) => "
                         "{ blob.text().then(t => __beacons.push(t)); return true; };")
    page.goto(shop + "/products/1")
    page.get_by_role("button", name="도움말").click()
    w = page.locator("answerloop-widget")
    w.locator(".options .option").first.wait_for()
    w.get_by_label("궁금한 점을 입력하세요").fill("냉장고 소리")
    w.get_by_role("button", name="보내기").click()
    unsure = w.locator("[data-confidence=low]")
    unsure.wait_for()
    page.screenshot(path=str(tmp_path / f"unsure-{viewport}.png"))
    assert "확실한 답을 찾지 못했어요" in unsure.inner_text()
    assert "이 문서들을 확인해 보세요." not in w.locator(".log").inner_text()
    closest = unsure.locator("button.option")
    assert closest.inner_text() == "가까운 메뉴: A/S·수리"
    assert unsure.get_by_role("button", name="상담원 연결").is_visible()
    page.evaluate("Answerloop.close()")  # flushes the event queue
    sent = wait_js(page, "window.__beacons.length && window.__beacons")
    searches = [e for batch in sent for e in json.loads(batch) if e["type"] == "search"]
    assert searches and searches[-1]["query"] == "냉장고 소리" and searches[-1]["hits"] == []
    page.evaluate("Answerloop.open()")
    closest.click()  # the branch opens with its options
    w.get_by_role("button", name="출장 수리", exact=True).wait_for()
    # The hand-off from here carries the question into the contact form.
    unsure.get_by_role("button", name="상담원 연결").click()
    w.get_by_role("button", name="문의 남기기").last.click()
    assert w.get_by_label("문의 내용").input_value() == "냉장고 소리"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_one_handoff_and_tel_only_on_phones(viewport, new_page, shop, tmp_path: Path):  # noqa: ANN001
    page = new_page(viewport)
    page.goto(shop + "/products/1")
    page.get_by_role("button", name="도움말").click()
    w = page.locator("answerloop-widget")
    w.locator(".options .option").first.wait_for()
    assert w.get_by_role("button", name="상담원 연결", exact=True).count() == 1  # the scenario's
    w.get_by_role("button", name="상담원 연결", exact=True).click()
    w.locator(".msg.handoff").wait_for()
    page.screenshot(path=str(tmp_path / f"handoff-{viewport}.png"))
    assert "해결되었나요?" not in w.locator(".log").inner_text()
    assert w.locator(".controls").get_by_role("button", name="상담원 연결").count() == 0
    tel = w.locator(".handoff a[href^='tel:']").count()
    assert tel == (1 if viewport == "phone" else 0)
    assert "전화 상담 1588-0000" in w.locator(".handoff").inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_korean_manual_search_is_korean_first(viewport, new_page, live_server, tmp_path: Path):  # noqa: ANN001
    page = new_page(viewport)
    page.goto(live_server + "/search?q=배송")
    langs = page.eval_on_selector_all(".results > li > a", "as => as.map(a => a.lang)")
    page.screenshot(path=str(tmp_path / f"search-{viewport}.png"), full_page=True)
    assert langs and "en" not in langs[:langs.index("ko") + 1] and langs[0] == "ko"
    assert set(langs) == {"ko"}  # scoped to the page's language
    page.get_by_role("link", name="모든 언어에서 찾기").click()
    page.wait_for_selector(".lang-badge")
    langs = page.eval_on_selector_all(".results > li > a", "as => as.map(a => a.lang)")
    assert "en" in langs
    assert page.locator(".results li", has=page.locator(".lang-badge")).count() == langs.count("en")
    page.get_by_role("link", name="한국어 문서만 보기").wait_for()


def test_autocomplete_is_scoped_to_the_page_language(new_page, live_server):  # noqa: ANN001
    page = new_page("desktop")
    asked: list[str] = []
    page.on("request", lambda r: "/api/v1/autocomplete" in r.url and asked.append(r.url))
    page.goto(live_server + "/")
    page.locator("form.searchbox input[name=q]").first.fill("배송")
    wait_js(page, "!!document.querySelector('.suggestions li')")
    assert asked and all("lang=ko" in u for u in asked)


def test_console_is_scoped_toasts_and_scrolls(new_page, live_server, tmp_path: Path):  # noqa: ANN001
    page = logged_in(new_page, live_server)
    page.fill("#agent-q", "배송 언제")
    page.wait_for_selector("#agent-hit-0")
    langs = page.eval_on_selector_all("#agent-results li > a", "as => as.map(a => a.lang)")
    assert langs and set(langs) == {"ko"}
    page.check("#agent-all-langs")  # the switch to all languages, with a badge on foreign hits
    page.wait_for_selector("#agent-results .lang-badge")
    page.uncheck("#agent-all-langs")
    page.fill("#agent-q", "ㅎㅂ")  # 초성
    wait_js(page, "(document.querySelector('#agent-hit-0 a') || {}).textContent"
                  "?.startsWith('환불')")
    page.set_viewport_size({"width": 1280, "height": 400})
    page.fill("#agent-q", "배송")
    page.wait_for_selector("#agent-results[data-settled] #agent-hit-5")
    page.focus("#agent-q")
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    active = page.locator("#agent-hit-5")
    assert active.get_attribute("aria-current") == "true"
    wait_js(page, "(() => { const r = document.getElementById('agent-hit-5')"
                  ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
    page.keyboard.press("Enter")
    toast = page.locator("#agent-hit-5 .agent-toast")
    toast.wait_for()
    page.screenshot(path=str(tmp_path / "console-toast.png"))
    assert toast.inner_text() == "복사했어요 ✓"
