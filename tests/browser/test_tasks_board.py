"""Improvement tasks in a real browser: one click from /admin makes a task, the board moves
it, a viewer reads the board without a single form; axe on both pages."""

from __future__ import annotations

import re

import pytest

from kb.accounts import add_user
from kb.db import connect, database_url
from kb.insights.events import record_many, validate_batch
from tests.browser.conftest import BLOCKING_IMPACTS, STAFF_PASSWORD, describe, run_axe

pytestmark = pytest.mark.browser
QUESTION = "냉장고 설치 기사 방문 시간 바꾸기"
VIEWER = "partner"  # another team's account: tasks, read-only


@pytest.fixture(scope="module")
def seeded(live_server, server_instance):  # noqa: ANN001, ANN201
    """The question asked five times this week, and a viewer account, in the server's store."""
    engine = connect(database_url(server_instance / "instance"))
    try:
        rows, problem = validate_batch([{"type": "search", "query": QUESTION,
                                         "session": f"board-{i}"} for i in range(5)])
        assert problem is None
        record_many(engine, rows)
        add_user(engine, VIEWER, STAFF_PASSWORD, "viewer")
    finally:
        engine.dispose()
    return live_server


def log_in(new_page, base: str, name: str, lands: str):  # noqa: ANN001, ANN201
    page = new_page("desktop")
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", STAFF_PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(base + lands)
    return page


def assert_axe(page, axe_source: str) -> None:  # noqa: ANN001
    results = run_axe(page, axe_source)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}:\n{describe(blocking)}"


def test_admin_makes_a_task_in_one_click_and_moves_it(new_page, seeded, axe_source):  # noqa: ANN001
    page = log_in(new_page, seeded, "boss", "/admin")
    page.goto(seeded + "/admin")
    row = page.locator("tr", has_text=QUESTION).first
    row.get_by_role("button", name="개선과제로").click()  # the one click
    page.wait_for_url(re.compile(r".*/admin/tasks/\d+\?created=1.*"))
    assert "만들었어요" in page.inner_text("[role=status]")
    assert page.inner_text("h1").endswith(QUESTION)
    task_url = page.url.split("?")[0]

    page.click("text=← 개선과제 보드")
    card = page.locator("#column-selected .task-card", has_text=QUESTION)
    assert "이번 기간 5건" in card.inner_text()
    assert card.locator("svg[role=img] title").text_content().startswith("최근 8주")
    assert_axe(page, axe_source)

    card.get_by_role("link").click()
    page.wait_for_url(task_url + "?*")
    page.select_option("#move-to", label="반영예정")
    page.fill("#move-reason", "다음 달 예약 변경 기능에 포함")
    page.get_by_role("button", name="옮기기", exact=True).click()
    page.wait_for_url(re.compile(r".*moved=planned.*"))
    assert "반영예정(으)로 옮겼어요" in page.inner_text("[role=status]")
    assert "다음 달 예약 변경 기능에 포함" in page.inner_text("table.data")
    assert_axe(page, axe_source)

    page.click("text=← 개선과제 보드")
    assert page.locator("#column-planned .task-card", has_text=QUESTION).count() == 1
    assert page.locator("#column-selected .task-card", has_text=QUESTION).count() == 0

    # Now a task: the group sits in the task lane on /admin, without a second button.
    page.goto(seeded + "/admin")
    lane_rows = page.locator("h3#lane-task + svg + table tr", has_text=QUESTION)
    assert lane_rows.count() == 1
    assert lane_rows.get_by_role("button", name="개선과제로").count() == 0


def test_viewer_reads_the_board_without_any_form(new_page, seeded, axe_source):  # noqa: ANN001
    page = log_in(new_page, seeded, VIEWER, "/admin/tasks")
    assert page.locator("main form").count() == 0
    assert page.locator("main button").count() == 0
    card = page.locator(".task-card", has_text=QUESTION)
    assert card.count() == 1
    assert_axe(page, axe_source)
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/admin/tasks/\d+\?.*"))
    assert page.locator("main form").count() == 0
    assert "이력" in page.inner_text("main")
    assert_axe(page, axe_source)
    nav = page.inner_text("nav.staff")
    assert "개선과제" in nav and "상담원 콘솔" not in nav and "CX 대시보드" not in nav
    response = page.goto(seeded + "/admin")
    assert response is not None and response.status == 403
