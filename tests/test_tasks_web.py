"""The task board on the web: create from a question group, the board's columns and counts,
moves with CSRF and the library's rules, the `task` lane on /admin, read-only viewers."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from kb.accounts import add_user
from kb.insights import calendar, tasks
from kb.insights.events import record_many, validate_batch
from kb.insights.gaps import gaps
from kbsite import create_app
from kbsite.tasks import spark_points, spark_weeks
from tests.conftest import SAMPLE, form_token, login

PASSWORD = "과제-보드-비밀번호-1"
QUESTION = "식기세척기 설치 기사 방문 일정 변경"


@pytest.fixture
def site(tmp_path):  # noqa: ANN001, ANN201
    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    engine = app.extensions["answerloop.db"]
    add_user(engine, "boss", PASSWORD, "admin")
    add_user(engine, "lee", PASSWORD, "viewer")
    rows, problem = validate_batch([{"type": "search", "query": QUESTION, "session": f"s{i}"}
                                    for i in range(3)])
    assert problem is None
    record_many(engine, rows)
    return app


def engine_of(app):  # noqa: ANN001, ANN201
    return app.extensions["answerloop.db"]


def group_key(app) -> str:  # noqa: ANN001
    """The key of QUESTION's group in the current month (the board's default period)."""
    tz = app.extensions["answerloop.content"].get().site.timezone
    found = gaps(engine_of(app), calendar.current("month", tz=tz))
    return next(g.key for g in found if g.question == QUESTION)


def admin(app):  # noqa: ANN001, ANN201
    client = app.test_client()
    login(client, "boss", PASSWORD)
    return client


def column(page: str, state: str) -> str:
    """The HTML of one column of the board."""
    return page.split(f'id="column-{state}"')[1].split("</section>")[0]


def main_of(page: str) -> str:
    return page.split('<main id="main"')[1].split("</main>")[0]


def test_create_from_a_group_key_titles_it_with_the_question(site):  # noqa: ANN001
    client = admin(site)
    key = group_key(site)
    response = client.post("/admin/tasks/new",
                           data={"key": key, "csrf_token": form_token(client, "/admin/tasks")})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/tasks/1?created=1&period=month")
    made = tasks.get(engine_of(site), 1)
    assert (made.title, made.status, made.evidence.groups) == (QUESTION, "selected", {key})
    assert made.history[-1].by == "boss" and made.history[-1].count == 3
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "개선과제 1번을 만들었어요" in page and f"<code>{key}</code>" in page
    assert "0명 (알림 완료 0명)" in page  # proposers counted, never listed


def test_board_shows_the_task_in_its_column_with_counts_and_sparkline(site):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서", groups=[group_key(site)],
                 owner="앱개발팀")
    page = admin(site).get("/admin/tasks").get_data(as_text=True)
    assert [h for h in re.findall(r'<h2 id="col-[a-z]+">([^<]+)<', page)] == [
        "과제선정 ", "반영예정 ", "반영완료 ", "기각 ", "피드백완료 "]
    selected = column(page, "selected")
    assert "#1 설치 일정 변경을 앱에서" in selected and "담당: 앱개발팀" in selected
    assert "이번 기간 3건 · 이전 기간 0건" in selected
    assert "마지막 이동 후 0건 (이동 전 30일 3건)" in selected
    title = re.search(r'<svg class="spark" role="img" aria-labelledby="spark-1"[^>]*>\s*'
                      r'<title id="spark-1">([^<]+)</title>', selected).group(1)
    assert title.startswith("최근 8주(") and title.endswith(": 0, 0, 0, 0, 0, 0, 0, 3")
    assert "#1" not in column(page, "planned")


def test_move_with_csrf_then_the_board_follows(site):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서", groups=[group_key(site)])
    client = admin(site)
    token = form_token(client, "/admin/tasks/1")
    response = client.post("/admin/tasks/1/move?period=week",
                           data={"to": "planned", "reason": "다음 분기 앱 배포",
                                 "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/tasks/1?moved=planned&period=week")
    moved = tasks.get(engine_of(site), 1)
    assert moved.status == "planned"
    assert (moved.history[-1].by, moved.history[-1].reason) == ("boss", "다음 분기 앱 배포")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "반영예정(으)로 옮겼어요" in page and "다음 분기 앱 배포" in page
    # The form offers only the moves the rules allow from 반영예정.
    options = re.findall(r'<option value="([a-z]+)">', page)
    assert options == ["done", "rejected"]
    board = client.get("/admin/tasks").get_data(as_text=True)
    assert "#1" in column(board, "planned") and "#1" not in column(board, "selected")


def test_a_move_that_breaks_a_rule_is_400_and_changes_nothing(site):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서", groups=[group_key(site)])
    client = admin(site)
    response = client.post("/admin/tasks/1/move",
                           data={"to": "rejected", "reason": "", "revisit": "",
                                 "csrf_token": form_token(client, "/admin/tasks/1")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "기각하려면 사유(--reason)와 재검토일(--revisit YYYY-MM-DD)이 필요해요" in page
    assert 'role="alert"' in page
    kept = tasks.get(engine_of(site), 1)
    assert kept.status == "selected" and len(kept.history) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"to": "done"}, "1번 과제는 과제선정에서 반영완료(으)로 옮길 수 없어요. 가능한 다음 상태: 반영예정, 기각"),
    ({"to": "나중에"}, "알 수 없는 상태 '나중에'"),
    ({"to": "rejected", "reason": "중복", "revisit": "next week"},
     "'revisit' 값 'next week'은(는) 날짜가 아니에요 (예: 2026-11-01)"),
])
def test_each_broken_rule_shows_its_message(site, data, message):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서")
    client = admin(site)
    response = client.post("/admin/tasks/1/move",
                           data={**data, "csrf_token": form_token(client, "/admin/tasks/1")})
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert tasks.get(engine_of(site), 1).status == "selected"


def test_posts_without_the_csrf_token_are_refused(site):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서")
    client = admin(site)
    assert client.post("/admin/tasks/1/move", data={"to": "planned"}).status_code == 400
    assert client.post("/admin/tasks/new", data={"key": group_key(site),
                                                 "csrf_token": "forged"}).status_code == 400
    assert [t.status for t in tasks.load(engine_of(site))] == ["selected"]


def test_create_errors_are_shown_on_the_board(site):  # noqa: ANN001
    client = admin(site)
    response = client.post("/admin/tasks/new", data={
        "key": "no-such-group", "title": "x", "csrf_token": form_token(client, "/admin/tasks")})
    assert response.status_code == 400
    assert "그룹 'no-such-group'이(가) 없어요" in html.unescape(response.get_data(as_text=True))
    assert tasks.load(engine_of(site)) == []


def test_linked_group_moves_to_the_task_lane_on_admin(site):  # noqa: ANN001
    client = admin(site)
    key = group_key(site)
    before = client.get("/admin").get_data(as_text=True)
    assert key not in before.split('id="lane-task"')[1].split("<details>")[0]
    assert 'action="/admin/tasks/new' in before  # the one-click button on the row
    client.post("/admin/tasks/new", data={"key": key, "csrf_token": form_token(client, "/admin")})
    after = client.get("/admin").get_data(as_text=True)
    lane = after.split('id="lane-task"')[1].split("<details>")[0]
    assert f"<code>{key}</code>" in lane and QUESTION in lane
    assert 'action="/admin/tasks/new' not in lane  # already a task: no second button


def test_rejected_task_due_for_review_has_a_badge(site):  # noqa: ANN001
    engine = engine_of(site)
    tasks.create(engine, "설치 일정 변경을 앱에서")
    tasks.move(engine, 1, "rejected", reason="예산 없음", revisit=dt.date(2020, 1, 1))
    page = admin(site).get("/admin/tasks").get_data(as_text=True)
    assert "재검토 필요" in column(page, "rejected")


def test_viewer_reads_board_and_task_without_any_form(site):  # noqa: ANN001
    tasks.create(engine_of(site), "설치 일정 변경을 앱에서", groups=[group_key(site)])
    client = site.test_client()
    login(client, "lee", PASSWORD)
    for path in ("/admin/tasks", "/admin/tasks/1"):
        response = client.get(path)
        assert response.status_code == 200
        main = main_of(response.get_data(as_text=True))
        assert "<form" not in main and "csrf_token" not in main, path
        assert "이번 기간 3건" in main
    for path in ("/admin", "/agent", "/admin/gaps.csv"):
        assert client.get(path).status_code == 403


def test_unknown_task_is_404(site):  # noqa: ANN001
    assert admin(site).get("/admin/tasks/99").status_code == 404


def test_spark_weeks_are_the_eight_iso_weeks_up_to_the_period():
    october = calendar.until("month", dt.date(2026, 11, 1))
    weeks = spark_weeks(october, today=dt.date(2026, 11, 28))
    assert [w.label for w in weeks] == [f"2026-W{n}" for n in range(37, 45)]
    assert weeks[-1].start <= october.last_day < weeks[-1].end
    so_far = calendar.period_of("month", dt.date(2026, 11, 10))
    assert spark_weeks(so_far, today=dt.date(2026, 11, 10))[-1].label == "2026-W46"


def test_spark_points():
    assert spark_points([0, 5, 10], width=100, height=24) == "0.0,22.0 50.0,12.0 100.0,2.0"
    assert spark_points([0, 0], width=10, height=24) == "0.0,22.0 10.0,22.0"


def test_notified_without_proposers_needs_the_checkbox(site):  # noqa: ANN001
    engine = engine_of(site)
    tasks.create(engine, "설치 일정 변경을 앱에서")
    for state in ("planned", "done"):
        tasks.move(engine, 1, state)
    client = admin(site)
    page = client.get("/admin/tasks/1").get_data(as_text=True)
    assert 'name="no_proposers" value="1"' in page and "제안자 없음" in page
    token = form_token(client, "/admin/tasks/1")
    refused = client.post("/admin/tasks/1/move", data={"to": "notified", "csrf_token": token})
    assert refused.status_code == 400 and tasks.get(engine, 1).status == "done"
    done = client.post("/admin/tasks/1/move",
                       data={"to": "notified", "no_proposers": "1", "csrf_token": token})
    assert done.status_code == 302
    assert tasks.get(engine, 1).history[-1].note == "no proposers"
    final = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "더 옮길 상태가 없어요" in final and 'name="to"' not in final


def test_the_weekly_review_page_and_its_json(site):  # noqa: ANN001
    client = site.test_client()
    login(client, "boss", PASSWORD)
    page = client.get("/admin/review?period=week")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "주간 리뷰" in html and "새로 늘어난 질문: 새 문서 필요" in html and QUESTION in html
    agenda = client.get("/admin/review?period=week&format=json").get_json()
    assert agenda["ok"] is True and agenda["period"]["kind"] == "week"
    assert [g["question"] for g in agenda["groups"]["write"]] == [QUESTION]
    viewer = site.test_client()
    login(viewer, "lee", PASSWORD)
    assert viewer.get("/admin/review").status_code == 403


def test_an_article_reader_can_ask_to_hear_back(site):  # noqa: ANN001
    from sqlalchemy import select

    from kb.db import followups

    client = site.test_client()
    page = client.get("/articles/refund-request").get_data(as_text=True)
    assert "개선되면 알려주세요" in page and "365일 뒤에 지워요" in page
    token = form_token(client, "/articles/refund-request")
    bad = client.post("/articles/refund-request/feedback",
                      data={"helpful": "no", "comment": "환불 버튼을 못 찾겠어요", "notify": "1",
                            "email": "not-an-address", "csrf_token": token})
    assert "notify_error=1" in bad.headers["Location"]
    assert "올바른 이메일 주소를 써 주세요" in client.get(bad.headers["Location"]).get_data(
        as_text=True)
    ok = client.post("/articles/refund-request/feedback",
                     data={"helpful": "no", "comment": "환불 버튼을 못 찾겠어요", "notify": "1",
                           "email": "minji@example.com", "csrf_token": token})
    assert ok.status_code == 302 and "thanks=1" in ok.headers["Location"]
    engine = site.extensions["answerloop.db"]
    with engine.connect() as conn:
        kept = [(r.email, r.question, r.source, r.article)
                for r in conn.execute(select(followups))]
    assert kept == [("minji@example.com", "환불 버튼을 못 찾겠어요", "article", "refund-request")]
