"""What a customer does in a real browser: search on a phone, skip to content, no sideways scroll."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_search_to_article_on_phone(live_server, phone_page):  # noqa: ANN001
    page = phone_page
    page.goto(live_server + "/")
    # The first search form on the page: in the header, or (on the home page) in the main
    # content. Either way a <form role=search> with an input named q.
    box = page.locator("form[role=search] input[name=q]").first
    assert box.is_visible()
    box.fill("배송조회")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.locator("ol.results > li > a")
    assert results.count() > 0, "no search results for 배송조회"
    results.first.click()
    page.wait_for_url(live_server + "/articles/delivery-tracking")
    assert page.locator("h1").inner_text().strip() == "배송 조회는 어떻게 하나요?"


def test_skip_link_is_first_tab_stop_and_focuses_main(live_server, new_page):  # noqa: ANN001
    page = new_page("desktop")
    page.goto(live_server + "/articles/refund-request")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})")
    assert focused == {"text": "본문으로 건너뛰기", "href": "#main"}
    # Visible once focused: a sighted keyboard user must see where focus is.
    link = page.locator("a.skip")
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"skip link off screen: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # And the next Tab goes on from the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_article_has_no_horizontal_scroll_on_phone(live_server, phone_page):  # noqa: ANN001
    page = phone_page
    page.goto(live_server + "/articles/refund-request")
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})")
    assert sizes["client"] == 390
    assert sizes["scroll"] <= sizes["client"], f"page scrolls sideways at 390 px: {sizes}"
