"""The KakaoTalk skill's edges: bad input refused (400/401/413, the API's error shape, never a
5xx) with nothing recorded; the shared secret; KakaoTalk asks counted by `kb gaps`; the hand-off
naming open channels; the staff preview recording nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kb.accounts import add_user
from kbsite import create_app
from tests.conftest import assert_api_error, login
from tests.test_kakao_skill import SITE, URL, events, problems

ASK = {"userRequest": {"utterance": "환불 받고 싶어요", "user": {"id": "user-1"}}}


@pytest.fixture
def app(make_content, tmp_path):  # noqa: ANN001, ANN201
    root = make_content({"site.yaml": SITE})
    return create_app({"TESTING": True, "CONTENT_DIR": str(root),
                       "INSTANCE_DIR": str(tmp_path / "instance")})


@pytest.mark.parametrize(("kwargs", "status", "words"), [
    ({"data": "{", "content_type": "application/json"}, 400, "JSON"),
    ({"json": {}}, 400, "userRequest"),
    ({"json": []}, 400, "body"),
    ({"json": {"userRequest": "hi"}}, 400, "userRequest"),
    ({"json": {"userRequest": {"utterance": 3, "user": {"id": "u"}}}}, 400,
     "userRequest.utterance"),
    ({"json": {"userRequest": {"utterance": "hi"}}}, 400, "userRequest.user"),
    ({"json": {"userRequest": {"utterance": "hi", "user": {"id": 7}}}}, 400,
     "userRequest.user.id"),
    ({"json": {"userRequest": {"utterance": "가" * 100_000, "user": {"id": "u"}}}}, 413, "KB"),
    ({"json": {"userRequest": {"utterance": "a\x00b", "user": {"id": "u"}}}}, 400, "utterance"),
])
def test_bad_requests_are_refused_in_the_api_shape_and_record_nothing(app, kwargs, status,
                                                                      words):  # noqa: ANN001
    response = app.test_client().post(URL, query_string={"lang": "en"}, **kwargs)
    body = assert_api_error(response, status)
    assert words in body["error"]
    assert events(app) == []


@pytest.mark.parametrize("extra", [
    "null", 7, [], {"path": "0"}, {"path": [True]}, {"path": [0, 0, 0, 0]}, {"path": [-1]},
    {"path": [99]}, {"path": [0], "page": "x"}, {"path": [0], "page": 10**9},
    {"scenario": "nope", "path": [0]}, {"handoff": "yes"}, {"page": 3},
])
def test_odd_client_extras_still_get_a_kakao_reply(app, extra):  # noqa: ANN001
    response = app.test_client().post(URL, json={
        "userRequest": {"utterance": "", "user": {"id": "u"}}, "action": {"clientExtra": extra}})
    assert response.status_code == 200
    assert problems(response.get_json()) == []


def test_a_long_question_is_answered_with_a_request_to_shorten_it(app):  # noqa: ANN001
    response = app.test_client().post(URL, json={
        "userRequest": {"utterance": "환불 " * 2000, "user": {"id": "u"}}})
    body = response.get_json()
    assert response.status_code == 200 and problems(body) == []
    assert body["template"]["outputs"][0]["simpleText"]["text"] == (
        "질문이 너무 길어요. 1000자 이내로 짧게 다시 보내 주세요.")
    assert events(app) == []


def test_the_shared_secret_is_required_when_set(make_content, tmp_path):  # noqa: ANN001
    root = make_content({"site.yaml": SITE})
    app = create_app({"TESTING": True, "CONTENT_DIR": str(root), "KAKAO_SECRET": "s3cret-값",
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = app.test_client()
    for headers in ({}, {"X-Answerloop-Secret": "wrong"}, {"X-Answerloop-Secret": "s3cret"}):
        body = assert_api_error(client.post(URL, json=ASK, headers=headers), 401)
        assert "X-Answerloop-Secret" in body["error"]
    assert events(app) == []
    right = client.post(URL, json=ASK, headers={"X-Answerloop-Secret": "s3cret-값"})
    assert right.status_code == 200 and problems(right.get_json()) == []
    assert [e["type"] for e in events(app)] == ["search"]


def test_block_id_makes_quick_replies_call_the_block(make_content, tmp_path):  # noqa: ANN001
    root = make_content({"site.yaml": SITE})
    app = create_app({"TESTING": True, "CONTENT_DIR": str(root), "KAKAO_BLOCK_ID": "blk-1",
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    body = app.test_client().post(URL, json={"userRequest": {"utterance": "",
                                                             "user": {"id": "u"}}}).get_json()
    replies = body["template"]["quickReplies"]
    assert {(r["action"], r["blockId"]) for r in replies} == {("block", "blk-1")}
    assert problems(body) == []


def test_a_pressed_label_without_extra_still_walks_the_scenario(app):  # noqa: ANN001
    """A quick reply whose extra did not come back: its label (the words sent) is found."""
    body = app.test_client().post(URL, json={
        "userRequest": {"utterance": "환불 신청", "user": {"id": "u"}}}).get_json()
    assert body["template"]["outputs"][0]["basicCard"]["title"] == "환불은 어떻게 신청하나요?"
    assert [(e["type"], e["path"]) for e in events(app)] == [
        ("scenario_step", "주문/결제 > 환불 신청")]


def test_kakao_asks_reach_the_write_next_queue(app):  # noqa: ANN001
    """Searches from KakaoTalk are grouped and counted by kb gaps like the widget's; a
    hand-off after one counts as that question's hand-off."""
    from kb.insights import calendar
    from kb.insights.gaps import gaps

    client = app.test_client()
    for user in ("a", "b", "c"):
        client.post(URL, json={"userRequest": {"utterance": "환불 받고 싶어요",
                                               "user": {"id": user}}})
    client.post(URL, json={"userRequest": {"utterance": "사은품은 언제 오나요",
                                           "user": {"id": "d"}}})
    client.post(URL, json={"userRequest": {"utterance": "상담원 연결", "user": {"id": "d"}}})
    recorded = events(app)
    assert {e["source"] for e in recorded} == {"kakao"}
    assert all(e["session"].startswith("kakao:") and "user-" not in e["session"]
               for e in recorded)
    store = app.extensions["answerloop.db"]
    found = {g.question: g for g in gaps(store, calendar.current("month", tz="Asia/Seoul"))}
    assert found["환불 받고 싶어요"].count == 3
    assert found["사은품은 언제 오나요"].count == 1
    assert found["사은품은 언제 오나요"].handoffs == 1
    assert dict(found["사은품은 언제 오나요"].sources) == {"handoff": 1}


OPEN_SITE = SITE.replace("    hours: 평일 09:00–18:00\n",
                         "    hours: 평일 09:00–18:00\n    open:\n      weekdays: \"09:00-18:00\"\n")


@pytest.mark.parametrize(("when", "line"), [
    (dt.datetime(2026, 11, 30, 10, 0), "• 카카오톡 상담: https://pf.kakao.com/_test "
                                       "(평일 09:00–18:00) · 지금 상담 가능"),
    (dt.datetime(2026, 11, 28, 12, 0), "• 카카오톡 상담: https://pf.kakao.com/_test "
                                       "(평일 09:00–18:00) · 운영시간이 아니에요 · "
                                       "11월 30일(월) 09:00 시작"),
    (dt.datetime(2026, 11, 30, 19, 0), "• 카카오톡 상담: https://pf.kakao.com/_test "
                                       "(평일 09:00–18:00) · 운영시간이 아니에요 · 내일 09:00 시작"),
])
def test_hand_off_says_whether_a_person_answers_now(make_content, tmp_path, when, line):  # noqa: ANN001
    from kbsite.kakao import channel_lines, style_for

    root = make_content({"site.yaml": OPEN_SITE})
    app = create_app({"TESTING": True, "CONTENT_DIR": str(root),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    with app.app_context():
        lines = channel_lines(style_for("ko"), now=when.replace(tzinfo=ZoneInfo("Asia/Seoul")))
    assert lines[1] == line
    assert lines[2] == "• 전화 1588-0000"
    if "운영시간이 아니에요" in line:  # nobody answers now: the widget's after-hours notice too
        assert lines[-1].startswith("지금은 운영시간이 아니에요. 문의를 남겨 주시면 ")
    else:
        assert lines[-1] == "• 문의 남기기: https://help.example"


def test_preview_is_for_staff_and_records_nothing(app):  # noqa: ANN001
    client = app.test_client()
    assert client.get("/channels/kakao/demo?q=환불").status_code == 302
    add_user(app.extensions["answerloop.db"], "minji", "pw-long-enough-1", "agent")
    login(client, "minji", "pw-long-enough-1")
    page = client.get("/channels/kakao/demo?q=환불 받고 싶어요").get_data(as_text=True)
    assert "환불은 어떻게 신청하나요?" in page and "상담원 연결" in page
    assert "https://help.example/api/v1/channels/kakao/skill" in page
    branch = client.get("/channels/kakao/demo?path=0&scenario=main").get_data(as_text=True)
    assert "환불 신청" in branch and "?path=0.0&amp;page=0&amp;scenario=main&amp;q=" in branch
    assert client.get("/channels/kakao/demo?handoff=1").status_code == 200
    assert events(app) == []


def test_replies_and_errors_fit_the_openapi_document(app):  # noqa: ANN001
    from tests.test_openapi import check, response_schema

    client = app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    path = "/api/v1/channels/kakao/skill"
    ok = client.post(URL, json=ASK)
    assert check(ok.get_json(), response_schema(doc, path, "post", 200), doc) == []
    bad = client.post(URL, json={})
    assert check(bad.get_json(), response_schema(doc, path, "post", 400), doc) == []


def test_kakao_messages_are_bilingual_and_buttons_fit():
    import chatbot.kakao_messages as module
    from chatbot.kakao_limits import load
    from kb.core.catalogue import fields, owner

    for code, (ko, en) in module.MESSAGES.items():
        assert owner(code) == "chatbot.kakao_messages"
        assert {f.removesuffix("_en") for f in fields(ko)} - {"s"} == {
            f.removesuffix("_en") for f in fields(en)} - {"s"}, code
        if code in ("kakao_handoff_label", "kakao_home_label", "kakao_back_label",
                    "kakao_more_label", "kakao_open_article", "kakao_all_results"):
            assert len(ko) <= load().max("label") and len(en) <= load().max("label"), code


def test_the_scenarios_own_hand_off_option_is_a_step_and_a_hand_off(app):  # noqa: ANN001
    body = app.test_client().post(URL, json={
        "userRequest": {"utterance": "상담원 연결", "user": {"id": "u"}},
        "action": {"clientExtra": {"scenario": "main", "path": [2]}}}).get_json()
    assert problems(body) == []
    assert body["template"]["outputs"][0]["simpleText"]["text"].startswith(
        "상담원이 도와드릴게요. 아래 방법으로 문의해 주세요.\n• 카카오톡 상담: https://pf.kakao.com/_test")
    assert [r["label"] for r in body["template"]["quickReplies"]] == ["처음으로"]
    assert [(e["type"], e.get("path")) for e in events(app)] == [
        ("scenario_step", "상담원 연결"), ("handoff", None)]


TEN = "title: 열 개\noptions:\n" + "".join(
    f"  - label: 메뉴 {i}\n    article: delivery-tracking\n" for i in range(1, 11))


def test_options_past_the_quick_reply_limit_move_behind_more(make_content, tmp_path):  # noqa: ANN001
    root = make_content({"site.yaml": SITE, "scenarios/main.yaml": TEN})
    app = create_app({"TESTING": True, "CONTENT_DIR": str(root),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = app.test_client()
    seen, page, pages = [], 0, 0
    while page is not None:
        body = client.post(URL, json={"userRequest": {"utterance": "", "user": {"id": "u"}},
                                      "action": {"clientExtra": {"scenario": "main", "path": [],
                                                                 "page": page}}}).get_json()
        assert problems(body) == [], body
        replies = body["template"]["quickReplies"]
        assert replies[-1]["extra"] == {"handoff": True}  # a person on every page
        seen += [r["label"] for r in replies if r["extra"].get("path") and len(
            r["extra"]["path"]) == 1]
        more = [r for r in replies if r["label"] == "더보기"]
        page = more[0]["extra"]["page"] if more else None
        pages += 1
    assert pages == 2
    assert seen == [f"메뉴 {i}" for i in range(1, 11)]
