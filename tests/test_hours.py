"""Opening hours on hand-off channels: the schedule, holidays, site.yaml errors at their
lines, and /api/v1/handoff saying who answers now — in Korean and English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kb.content import hours
from kb.content.render import render
from kb.content.tree import load_content
from kbsite import create_app
from kbsite.kinds import KINDS
from kbsite.widget import channels_now, strings
from tests.conftest import SAMPLE

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


def schedule(data: dict) -> hours.Schedule:
    found, problems = hours.parse(data)
    assert not problems and found is not None
    return found


LUNCH = {"weekdays": "09:00-12:00, 13:00-18:00", "sat": "10:00-14:00", "sun": "closed"}


@pytest.mark.parametrize(("now", "open_", "next_open"), [
    (at(30, 9), True, None),  # Monday 09:00: the first minute counts
    (at(30, 12, 30), False, at(30, 13)),  # lunch
    (at(30, 18), False, at(1, 9, month=12)),  # 18:00 is closed: [start, end)
    (at(28, 9), False, at(28, 10)),  # Saturday opens later
    (at(29, 11), False, at(30, 9)),  # Sunday closed
    (at(4, 23, 59, month=12), False, at(5, 10, month=12)),  # Friday night → Saturday
])
def test_status_through_a_week(now, open_, next_open):  # noqa: ANN001
    found = hours.status(schedule(LUNCH), (), now)
    assert found.open is open_
    assert found.next_open == next_open


def test_open_status_says_when_it_closes():
    found = hours.status(schedule(LUNCH), (), at(30, 10))
    assert found.open and found.closes == at(30, 12)


def test_holidays_close_and_push_the_next_opening():
    days = (dt.date(2026, 12, 25), dt.date(2026, 12, 28))
    found = hours.status(schedule(LUNCH), days, at(24, 19, month=12))
    # Friday 25th holiday, Saturday opens 10:00
    assert found.next_open == at(26, 10, month=12)
    found = hours.status(schedule({"weekdays": "09:00-18:00"}), days, at(24, 19, month=12))
    assert found.next_open == at(29, 9, month=12)  # Mon 28th is a holiday too


def test_a_day_beats_a_group_and_a_group_beats_daily():
    found = schedule({"daily": "10:00-16:00", "weekend": "closed", "sat": "11:00-13:00"})
    assert found.spans(0) == ((600, 960),)
    assert found.spans(5) == ((660, 780),)
    assert found.spans(6) == ()


def test_24_hours_and_never():
    always = schedule({"daily": "00:00-24:00"})
    assert hours.status(always, (), at(29, 23, 59)).open
    never = schedule({"daily": "closed"})
    assert hours.status(never, (), at(29, 12)) == hours.Status(False)


@pytest.mark.parametrize(("data", "key", "words"), [
    ({"mon": "9-18"}, "mon", "'9-18'"),
    ({"weekdays": "18:00-09:00"}, "weekdays", "18:00-09:00"),
    ({"fri": "09:00-13:00, 12:00-18:00"}, "fri", "겹쳐요"),
    ({"funday": "09:00-18:00"}, "funday", "요일 이름이 아니에요"),
    ({"sat": "25:00-26:00"}, "sat", "읽을 수 없어요"),
])
def test_bad_schedules_name_the_key(data, key, words):  # noqa: ANN001
    found, problems = hours.parse(data)
    assert found is None
    assert [k for k, _ in problems] == [key]
    assert words in problems[0][1].ko


def test_when_reads_naturally_in_both_languages():
    now = at(30, 19)
    assert hours.when(at(1, 9, month=12), now).ko == "내일 09:00"
    assert hours.when(at(30, 20), now).en == "today 20:00"
    later = hours.when(at(3, 9, month=12), now)
    assert later.ko == "12월 3일(목) 09:00" and later.en == "Thu 3 Dec 09:00"


def test_site_yaml_errors_are_reported_at_their_lines(make_content):  # noqa: ANN001
    root = make_content({"site.yaml": (
        "holidays: [2026-12-25, 성탄절]\n"
        "handoff:\n"
        "  - type: phone\n"
        "    label: 전화\n"
        "    url: tel:1588-0000\n"
        "    open:\n"
        "      weekdays: \"09:00-18:00\"\n"
        "      sat: 10시부터\n"
        "  - type: email\n"
        "    label: 메일\n"
        "    url: mailto:a@b.example\n"
        "    open: 평일\n")})
    content = load_content(root, kinds=KINDS)
    found = sorted((p.line, p.message.ko) for p in content.errors)
    assert [line for line, _ in found] == [1, 8, 12]
    assert "성탄절" in found[0][1] and "10시부터" in found[1][1]
    assert "'open' 값은 키: 값 묶음" in found[2][1]


def test_sample_site_has_hours_and_holidays():
    site = load_content(SAMPLE, kinds=KINDS).site
    kakao = next(c for c in site.handoff if c.type == "kakao")
    assert kakao.open is not None and dt.date(2026, 12, 25) in site.holidays
    assert site.open_status(kakao, at(25, 10, month=12)).open is False
    assert site.open_status(kakao, at(24, 10, month=12)).open is True
    email = next(c for c in site.handoff if c.type == "email")
    assert site.open_status(email) is None  # no hours as data: always takes messages


@pytest.fixture
def hours_app(tmp_path):  # noqa: ANN001, ANN201
    return create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                       "INSTANCE_DIR": str(tmp_path / "instance")})


def test_handoff_open_on_a_weekday_morning(hours_app):  # noqa: ANN001
    with hours_app.app_context():
        found = channels_now("ko", at(1, 10, month=12))
    by_type = {c["type"]: c for c in found["channels"]}
    assert by_type["kakao"]["open"] is True and by_type["kakao"]["status"] == "지금 상담 가능"
    assert by_type["email"]["open"] is None and by_type["email"]["status"] == ""
    assert found["notice"] == ""


def test_handoff_at_lunch_and_after_hours(hours_app):  # noqa: ANN001
    with hours_app.app_context():
        lunch = channels_now("ko", at(1, 12, 30, month=12))
        night = channels_now("ko", at(24, 20, month=12))  # Christmas Eve: next is Monday
        night_en = channels_now("en", at(24, 20, month=12))
    by_type = {c["type"]: c for c in lunch["channels"]}
    assert by_type["kakao"]["open"] is True
    assert by_type["phone"]["status"] == "운영시간이 아니에요 · 오늘 13:00 시작"
    assert lunch["notice"] == ""  # someone answers on KakaoTalk
    assert night["notice"] == ("지금은 운영시간이 아니에요. 문의를 남겨 주시면 "
                               "12월 28일(월) 09:00부터 차례로 답해 드려요.")
    assert "Mon 28 Dec 09:00" in night_en["notice"]


def test_handoff_endpoint_answers_now_and_is_never_cached(hours_app):  # noqa: ANN001
    response = hours_app.test_client().get("/api/v1/handoff?lang=en",
                                            headers={"Origin": "https://shop.example"})
    body = response.get_json()
    assert response.status_code == 200 and body["ok"] is True
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    kakao = next(c for c in body["channels"] if c["type"] == "kakao")
    assert kakao["status"] in ("Open now",) or kakao["status"].startswith("Closed")
    assert kakao["open"] is (kakao["status"] == "Open now")


def test_widget_words_come_from_the_catalogue(hours_app):  # noqa: ANN001
    words = strings()
    assert words["ko"]["person"] == "상담원 연결" and words["en"]["person"] == "Talk to a person"
    assert set(words["ko"]) == set(words["en"])
    body = hours_app.test_client().get("/widget.js").get_data(as_text=True)
    version = body.split('"app": "/widget/app.js?v=')[1].split('"')[0]
    app_js = hours_app.test_client().get(f"/widget/app.js?v={version}").get_data(as_text=True)
    assert "__ANSWERLOOP_STRINGS__" not in app_js and '"person": "상담원 연결"' in app_js
    assert '"launcher": {"en": "Help", "ko": "도움말"}' in body


@pytest.mark.parametrize(("source", "tag"), [
    ("방법은 이래요:\n1. 앱을 열어요\n2. 주문을 골라요", "<ol>"),
    ("확인해 주세요\n- 주문 번호\n- 연락처", "<ul>"),
])
def test_a_list_right_after_a_line_is_a_list(source, tag):  # noqa: ANN001
    html = render(source).html
    assert tag in html and html.count("<li>") == 2
    assert html.startswith("<p>") and html.index("</p>") < html.index(tag)


def test_a_number_inside_a_paragraph_stays_text():
    html = render("배송은 12월\n3. 일에 시작해요\n\n```\n안내\n- 코드\n```").html
    assert "<ol>" not in html and "<ul>" not in html


def test_channels_and_categories_speak_the_page_language(hours_app):  # noqa: ANN001
    """label_en / hours_en / description_en on the English pages and API; Korean otherwise."""
    client = hours_app.test_client()
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Chat on KakaoTalk" in english and "Weekdays 09:00–18:00 (KST)" in english
    assert "Checking, changing and cancelling orders" in english
    assert "카카오톡 상담" not in english and "주문 확인, 변경, 취소와" not in english
    korean = client.get("/?lang=ko").get_data(as_text=True)
    assert "카카오톡 상담" in korean and "평일 09:00–18:00" in korean
    assert "주문 확인, 변경, 취소와" in korean and "Chat on KakaoTalk" not in korean
    with hours_app.app_context():
        found = {c["type"]: c for c in channels_now("en", at(1, 10, month=12))["channels"]}
    assert (found["phone"]["label"], found["phone"]["hours"]) == (
        "Call 1588-0000", "Weekdays 09:00–18:00, lunch 12:00–13:00 (KST)")
    assert found["form"]["label"] == "Leave a message"
