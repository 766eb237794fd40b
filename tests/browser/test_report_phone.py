"""The dashboard and the CS report at phone width: nothing runs off the side, the charts
are labelled, and a screenshot is taken (kept in the test's tmp folder to look at)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The most lines per word in any table heading or cell: a column squeezed to one letter puts
# every letter of 문의내용 on its own line; Korean must break between words, not letters.
LINES_PER_WORD = """() => Math.max(0, ...[...document.querySelectorAll('table.data th, table.data td')]
  .filter(c => c.innerText.trim()).map(c => {
    const texts = document.createTreeWalker(c, NodeFilter.SHOW_TEXT), lines = new Set();
    for (let node; (node = texts.nextNode());) {
      if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const box of range.getClientRects()) lines.add(Math.round(box.bottom));
    }
    return lines.size / c.innerText.trim().split(/\\s+/).length;
  }))"""


def test_dashboard_and_report_fit_a_phone(new_page, live_server, tmp_path: Path):  # noqa: ANN001
    page = new_page("phone")
    # Questions customers asked (none answered, one handed off), so the queue has rows.
    asks = [{"type": "search", "session": f"phone-{n}", "query": q, "hits": []}
            for n, q in enumerate(["냉장고 문에서 물이 새요 언제 고쳐 주나요"] * 3
                                  + ["세탁기 배수 필터 청소는 얼마나 자주 해요"] * 2)]
    asks.append({"type": "handoff", "session": "phone-0"})
    assert page.request.post(live_server + "/api/v1/events", data=asks).status == 202
    page.goto(live_server + "/login")
    page.fill("#name", "boss")
    page.fill("#password", STAFF_PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(live_server + "/admin")  # an admin lands on the dashboard
    for path, shot in (("/admin?period=month", "admin.png"),
                       ("/admin/report?period=month", "report.png")):
        page.goto(live_server + path)
        assert page.evaluate(OVERFLOW) <= 1, f"{path} scrolls sideways on a phone"
        assert page.evaluate(LINES_PER_WORD) <= 1.5, f"{path}: a table column is too narrow"
        page.screenshot(path=str(tmp_path / shot), full_page=True)
        assert (tmp_path / shot).stat().st_size > 10_000
    # The report: a heading per section, labelled charts, no script.
    headings = page.locator("h2").all_inner_texts()
    assert headings[:3] == ["판매량과 판매 대비 문의", "문의가 많은 제품군", "주요 제품의 문의와 반품"]
    assert page.locator("svg.chart title").count() >= 1 or "데이터가 없어요" in page.content()
    assert page.locator("script").count() == 0
