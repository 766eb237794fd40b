"""The agent console by keyboard only, copy buttons writing the clipboard, votes, axe."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BLOCKING_IMPACTS, STAFF_PASSWORD, describe, run_axe, wait_js

pytestmark = pytest.mark.browser
SITE_BASE = "http://127.0.0.1:8000"  # base_url in the sample site.yaml: what agents paste


def logged_in(new_page, live_server: str, name: str = "minji"):  # noqa: ANN001, ANN201
    page = new_page("desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(live_server + "/login")
    assert page.evaluate("document.activeElement.id") == "name"  # focus starts in the form
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + ("/admin" if name == "boss" else "/agent"))
    return page


def clipboard(page) -> str:  # noqa: ANN001
    return page.evaluate("navigator.clipboard.readText()")


def test_agent_console_by_keyboard_only(new_page, live_server):  # noqa: ANN001
    page = logged_in(new_page, live_server)
    assert page.evaluate("document.activeElement.id") == "agent-q"  # focus starts in search
    page.keyboard.type("환불 신청")
    page.wait_for_selector("#agent-results[data-settled] #agent-hit-0")  # the last keystroke's
    first = page.locator("#agent-hit-0 a").first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # back to the first
    assert page.get_attribute("#agent-hit-0", "aria-current") == "true"
    page.keyboard.press("Enter")
    wait_js(page, "document.getElementById('agent-status').textContent.includes('복사')")
    assert clipboard(page) == f"{SITE_BASE}{first}?ref=agent"


def test_copy_reply_and_section_link(new_page, live_server):  # noqa: ANN001
    page = logged_in(new_page, live_server)
    page.fill("#agent-q", "환불은 어떻게 신청하나요")
    page.wait_for_selector("#agent-results[data-settled] #agent-hit-0")  # layout settled
    page.click("#agent-hit-0 >> text=답변 복사")
    wait_js(page, "document.getElementById('agent-status').textContent.includes('복사')")
    reply = clipboard(page)
    assert reply.startswith("문의하신 내용이 '") and "?ref=agent" in reply
    page.click("#agent-hit-0 >> text=섹션 링크")
    page.wait_for_selector("#agent-hit-0 .agent-sections button")
    wait_js(page, "document.activeElement.closest('.agent-sections') !== null")
    page.keyboard.press("Enter")
    wait_js(page, "navigator.clipboard.readText().then(t => t.includes('#'))")
    assert "?ref=agent#" in clipboard(page)


def test_agent_sees_views_and_helpful(new_page, live_server):  # noqa: ANN001
    page = logged_in(new_page, live_server)
    page.fill("#agent-q", "배송조회")
    page.wait_for_selector("#agent-results[data-settled] #agent-hit-0")
    href = page.locator("#agent-hit-0 a").first.get_attribute("href")
    page.goto(live_server + href)  # a customer's visit (staff visits count too: a reader)
    page.goto(live_server + "/agent")
    page.fill("#agent-q", "배송조회")
    page.wait_for_selector("#agent-hit-0 .agent-stats")
    assert page.inner_text("#agent-hit-0 .agent-stats").startswith("최근 30일 조회 ")


def test_anonymous_agent_page_goes_to_login(new_page, live_server):  # noqa: ANN001
    page = new_page("desktop")
    page.goto(live_server + "/agent")
    assert page.url.startswith(live_server + "/login?next=")


def test_vote_on_a_phone(new_page, live_server):  # noqa: ANN001
    page = new_page("phone")
    page.goto(live_server + "/articles/installment")
    page.fill("#feedback-comment", "할부 개월 수 표가 있으면 좋겠어요")
    page.click("button[value=yes]")
    page.wait_for_url("**/articles/installment?thanks=1#feedback")
    assert "의견 고마워요!" in page.inner_text("#feedback")


def test_heading_copy_link(new_page, live_server):  # noqa: ANN001
    page = new_page("desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(live_server + "/articles/refund-request")
    page.click("#how-to-request .copy-anchor")
    wait_js(page, "document.getElementById('copy-status').textContent.length > 0")
    assert clipboard(page) == live_server + "/articles/refund-request#how-to-request"


def test_search_box_autocomplete(new_page, live_server):  # noqa: ANN001
    page = new_page("phone")
    page.goto(live_server + "/")
    box = page.locator("form[role=search] input[name=q]").first
    box.click()
    page.keyboard.type("ㅎㅂ")
    page.wait_for_selector(".suggestions li")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/**")


@pytest.mark.parametrize(("who", "path"), [(None, "/login"), ("minji", "/agent"),
                                           ("boss", "/admin")])
def test_staff_pages_axe(new_page, live_server, axe_source, who, path):  # noqa: ANN001
    page = logged_in(new_page, live_server, who) if who else new_page("desktop")
    page.goto(live_server + path)
    if path == "/agent":
        page.fill("#agent-q", "환불")
        page.wait_for_selector("#agent-hit-0")
    results = run_axe(page, axe_source)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
