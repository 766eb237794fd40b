"""First contact in the widget, in a real browser: who answers now, the question carried to
the channels, the contact form's Korean 429 on the 6th message, a launcher that hides
while the page scrolls down. Screenshots go to each test's tmp_path."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import wait_js
from tests.browser.test_shop_fit import shop, shop_page  # noqa: F401 - fixtures
from tests.browser.test_widget import opened, widget

pytestmark = pytest.mark.browser


def handoff_now(live_server: str) -> dict:
    with urllib.request.urlopen(live_server + "/api/v1/handoff?lang=ko", timeout=10) as r:
        return json.loads(r.read())


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_handoff_says_who_answers_now(viewport, new_page, shop, live_server,  # noqa: ANN001, F811
                                      tmp_path: Path):
    page = new_page(viewport)
    opened(page, shop + "/products/1")
    w = widget(page)
    w.get_by_label("궁금한 점을 입력하세요").fill("환불 언제 돼요?")
    w.get_by_role("button", name="보내기").click()
    w.locator(".msg.unsure, .msg.resolved").first.wait_for()  # the search's reply is in
    w.locator(".controls").get_by_role("button", name="상담원 연결", exact=True).click()
    w.locator(".handoff .status").first.wait_for()
    page.screenshot(path=str(tmp_path / f"hours-{viewport}.png"))
    expected = handoff_now(live_server)  # the server's answer for this minute
    kakao = next(c for c in expected["channels"] if c["type"] == "kakao")
    badge = w.locator(".handoff li[data-open]").first
    assert badge.get_attribute("data-open") == ("true" if kakao["open"] else "false")
    assert kakao["status"] in badge.inner_text()
    assert kakao["status"].startswith(("지금 상담 가능", "운영시간이 아니에요"))
    notice = w.locator(".handoff .notice")
    if expected["notice"]:
        assert notice.inner_text() == expected["notice"]
    else:
        assert notice.count() == 0
    # The question goes with the customer: the e-mail body, the contact form.
    mail = w.locator(".handoff a[href^='mailto:']").first.get_attribute("href")
    body = urllib.parse.parse_qs(urllib.parse.urlsplit(mail).query)["body"][0]
    assert body == "환불 언제 돼요?"
    w.get_by_role("button", name="문의 남기기").last.click()
    assert w.get_by_label("문의 내용").input_value() == "환불 언제 돼요?"


def test_sixth_message_gets_the_korean_limit(new_page, shop, tmp_path: Path):  # noqa: ANN001, F811
    page = new_page("phone")
    opened(page, shop + "/cart")
    w = widget(page)
    statuses = []
    w.locator(".controls").get_by_role("button", name="상담원 연결").click()
    for n in range(6):  # the hand-off's form button stays in the conversation
        w.get_by_role("button", name="문의 남기기").last.click()
        detail = w.locator(".consent-detail").inner_text()  # purpose, retention, refusal
        assert "목적: 문의에 답변" in detail and "1년 뒤 파기" in detail
        assert "동의하지 않을 수 있어요" in detail
        w.get_by_label("이름", exact=True).fill("박서연")
        w.get_by_label("이메일 또는 전화번호").fill("seoyeon@example.com")
        w.get_by_label("문의 내용").fill(f"세탁기 배송 문의 {n + 1}번째예요")
        w.get_by_label("답변을 위해 이름과 연락처를").check()
        with page.expect_response(lambda r: r.url.endswith("/api/v1/contact")) as sent:
            w.get_by_role("button", name="보내기").last.click()
        statuses.append(sent.value.status)
        if n < 5:  # sent: the form closes and the conversation says so
            w.locator(".log .msg.bot", has_text="문의를 받았어요").nth(n).wait_for()
    assert statuses == [201] * 5 + [429]
    alert = w.locator(".form-status.alert")
    alert.wait_for()
    page.screenshot(path=str(tmp_path / "contact-429.png"))
    text = alert.inner_text()
    assert text.startswith("문의를 너무 자주 보냈어요. 잠시 후 다시 보내거나 다른 채널로"), text
    assert "per" not in text and "minute" not in text
    assert "카카오톡 상담" in text and "전화 상담 1588-0000" in text  # the other channels


def test_launcher_hides_while_scrolling_down(new_page, shop_page):  # noqa: ANN001, F811
    page = new_page("phone")
    page.goto(shop_page + "/products/1?hide=1&offset=84")
    launcher = page.get_by_role("button", name="도움말")
    launcher.wait_for()
    page.mouse.wheel(0, 600)
    wait_js(page, "scrollY > 300")
    hidden = wait_js(page, "document.querySelector('answerloop-widget').shadowRoot"
                           ".querySelector('.launcher').classList.contains('away')")
    assert hidden
    page.mouse.wheel(0, -300)
    wait_js(page, "!document.querySelector('answerloop-widget').shadowRoot"
                  ".querySelector('.launcher').classList.contains('away')")


def test_console_dense_mode_is_one_line_and_remembered(new_page, live_server,  # noqa: ANN001
                                                       tmp_path: Path):
    from tests.browser.test_agent import logged_in

    page = logged_in(new_page, live_server)
    page.fill("#agent-q", "배송")
    page.wait_for_selector("#agent-hit-3")
    tall = page.locator("#agent-hit-0").bounding_box()["height"]
    page.check("#agent-dense")
    short = page.locator("#agent-hit-0").bounding_box()["height"]
    page.screenshot(path=str(tmp_path / "console-dense.png"))
    assert short < tall / 2 and 44 <= short <= 60, (tall, short)
    assert page.locator("#agent-hit-0 .agent-actions button:visible").count() == 1
    page.keyboard.press("Enter")  # Enter still copies the active item's link
    page.locator("#agent-hit-0 .agent-toast").wait_for()
    page.reload()
    assert page.is_checked("#agent-dense")
    page.fill("#agent-q", "환불")
    page.wait_for_selector("#agent-hit-0")
    assert page.locator("#agent-hit-0").bounding_box()["height"] <= 60
    assert page.locator("footer #contact-title").count() == 0  # no customer footer
