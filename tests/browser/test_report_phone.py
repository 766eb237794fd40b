"""The dashboard and the CS report at phone width: nothing runs off the side, the charts
are labelled, and a screenshot is taken (kept in the test's tmp folder to look at)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_dashboard_and_report_fit_a_phone(new_page, live_server, tmp_path: Path):  # noqa: ANN001
    page = new_page("phone")
    page.goto(live_server + "/login")
    page.fill("#name", "boss")
    page.fill("#password", STAFF_PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(live_server + "/admin")  # an admin lands on the dashboard
    for path, shot in (("/admin?period=month", "admin.png"),
                       ("/admin/report?period=month", "report.png")):
        page.goto(live_server + path)
        assert page.evaluate(OVERFLOW) <= 1, f"{path} scrolls sideways on a phone"
        page.screenshot(path=str(tmp_path / shot), full_page=True)
        assert (tmp_path / shot).stat().st_size > 10_000
    # The report: a heading per section, labelled charts, no script.
    headings = page.locator("h2").all_inner_texts()
    assert headings[:3] == ["판매량과 판매 대비 문의", "문의가 많은 제품군", "주요 제품의 문의와 반품"]
    assert page.locator("svg.chart title").count() >= 1 or "데이터가 없어요" in page.content()
    assert page.locator("script").count() == 0
