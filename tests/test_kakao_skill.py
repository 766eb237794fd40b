"""KakaoTalk replies: golden skill requests give golden replies, and every reply fits Kakao's
documented format (a JSON Schema written from it) and the limits file, degrading as the file
says when content is too big. Regenerate the goldens with KB_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from chatbot.engine import turn_at
from chatbot.kakao import _screens
from chatbot.kakao_limits import load, parse, plain, shorten
from chatbot.skill import Card, Style, card, card_list, navigation, quick_layout, response, text
from kbsite import create_app
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "kakao"
SCHEMA = json.loads((GOLDEN / "skill-response.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
LIMITS = load()
URL = "/api/v1/channels/kakao/skill"
CASES = ["free-text", "scenario-branch", "scenario-step", "handoff", "empty", "unknown-block"]


def problems(body: dict) -> list[str]:
    """Every way `body` breaks the schema or a limit in chatbot/kakao_limits.yaml."""
    found = [f"schema: {e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(body)]
    m = LIMITS.max
    template = body.get("template", {})
    outputs, replies = template.get("outputs", []), template.get("quickReplies", [])
    if len(outputs) > m("outputs"):
        found.append("outputs")
    if len(replies) > m("quick_replies"):
        found.append("quick_replies")
    labels = [r["label"] for r in replies]

    def cards(output: dict) -> None:
        for kind in ("basicCard", "textCard"):
            if kind in output:
                c = output[kind]
                labels.extend(b["label"] for b in c.get("buttons", []))
                if len(c.get("buttons", [])) > m("card_buttons"):
                    found.append("card_buttons")
                if len(c.get("title", "")) > m("card_title"):
                    found.append("card_title")
                if kind == "basicCard" and len(c.get("description", "")) > m("card_description"):
                    found.append("card_description")
                if kind == "textCard" and (len(c.get("title", "")) + len(c.get("description", ""))
                                           > m("text_card")):
                    found.append("text_card")

    for output in outputs:
        if len(output.get("simpleText", {}).get("text", "")) > m("simple_text"):
            found.append("simple_text")
        cards(output)
        if "listCard" in output:
            if len(output["listCard"]["items"]) > m("list_items"):
                found.append("list_items")
            labels.extend(b["label"] for b in output["listCard"].get("buttons", []))
        if "carousel" in output:
            items = output["carousel"]["items"]
            if len(items) > m("carousel_items"):
                found.append("carousel_items")
            if output["carousel"]["type"] == "listCard":
                if len(items) > m("carousel_lists"):
                    found.append("carousel_lists")
                found += ["carousel_list_items" for i in items
                          if len(i["items"]) > m("carousel_list_items")]
            for item in items:
                cards({output["carousel"]["type"]: item})
    found += [f"label {label!r}" for label in labels if len(label) > m("label")]
    if len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()) > m(
            "response_bytes"):
        found.append("response_bytes")
    return found


SITE = """\
name: 테스트 고객센터
base_url: https://help.example
og_image: /images/og.png
default_lang: ko
languages: [ko, en]
widget:
  scenario: main
handoff:
  - type: kakao
    label: 카카오톡 상담
    url: https://pf.kakao.com/_test
    hours: 평일 09:00–18:00
  - type: phone
    label: 전화 1588-0000
    url: tel:1588-0000
  - type: form
    label: 문의 남기기
"""


@pytest.fixture
def kakao_app(make_content, tmp_path: Path):  # noqa: ANN201
    """The conftest tree (two articles, the `main` scenario) with channels and an image."""
    root = make_content({"site.yaml": SITE})
    return create_app({"TESTING": True, "CONTENT_DIR": str(root),
                       "INSTANCE_DIR": str(tmp_path / "instance")})


def events(app) -> list[dict]:  # noqa: ANN001
    from sqlalchemy import select

    from kb.db import events as table

    with app.extensions["answerloop.db"].connect() as conn:
        return [{k: v for k, v in dict(r._mapping).items() if v is not None and k not in (
            "id", "ts", "norm")} for r in conn.execute(select(table).order_by(table.c.id))]


SESSION = "kakao:" + __import__("hashlib").sha256(
    b"a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6ab").hexdigest()[:32]
RECORDED = {
    "free-text": [{"type": "search", "query": "환불 받고 싶어요", "hits": "refund-request delivery-tracking"}],
    "scenario-branch": [{"type": "scenario_step", "scenario": "main", "path": "주문/결제"}],
    "scenario-step": [{"type": "scenario_step", "scenario": "main",
                       "path": "주문/결제 > 환불 신청"}],
    "handoff": [{"type": "handoff"}],
    "empty": [],
    "unknown-block": [],
}


@pytest.mark.parametrize("name", CASES)
def test_golden_request_gets_golden_reply_and_records_its_event(kakao_app, name):  # noqa: ANN001
    request = json.loads((GOLDEN / "requests" / f"{name}.json").read_text("utf-8"))
    response = kakao_app.test_client().post(URL, json=request)
    assert response.status_code == 200, response.data
    body = response.get_json()
    assert problems(body) == []
    expected = GOLDEN / "responses" / f"{name}.json"
    if os.environ.get("KB_UPDATE_GOLDEN"):
        expected.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert body == json.loads(expected.read_text("utf-8"))
    assert events(kakao_app) == [{**e, "source": "kakao", "session": SESSION}
                                 for e in RECORDED[name]]


def test_every_reply_offers_a_person(kakao_app):  # noqa: ANN001
    """상담원 연결 on every reply but the hand-off itself (which lists the channels)."""
    client = kakao_app.test_client()
    for name in CASES:
        request = json.loads((GOLDEN / "requests" / f"{name}.json").read_text("utf-8"))
        body = client.post(URL, json=request).get_json()
        extras = [r["extra"] for r in body["template"].get("quickReplies", [])]
        person = {"handoff": True} in extras or any(
            r["label"] == "상담원 연결" for r in body["template"].get("quickReplies", []))
        assert person or name == "handoff", name


def test_the_checkers_catch_a_reply_that_breaks_the_limits():
    body = {"version": "2.0", "template": {
        "outputs": [{"simpleText": {"text": "가" * 1001}}],
        "quickReplies": [{"label": "열다섯 글자가 넘는 버튼 문구입니다", "action": "message",
                          "messageText": "x"}] * 11}}
    found = problems(body)
    assert "simple_text" in found and "quick_replies" in found
    assert any(p.startswith("label ") for p in found)
    assert any(p.startswith("schema: ") for p in found)


def test_schema_numbers_are_the_limits_file():
    defs = SCHEMA["$defs"]
    template = SCHEMA["properties"]["template"]["properties"]
    assert template["outputs"]["maxItems"] == LIMITS.max("outputs")
    assert template["quickReplies"]["maxItems"] == LIMITS.max("quick_replies")
    assert defs["quickReply"]["properties"]["label"]["maxLength"] == LIMITS.max("label")
    assert defs["button"]["properties"]["label"]["maxLength"] == LIMITS.max("label")
    assert defs["simpleText"]["properties"]["text"]["maxLength"] == LIMITS.max("simple_text")
    assert defs["basicCard"]["properties"]["description"]["maxLength"] == LIMITS.max(
        "card_description")
    assert defs["listCard"]["properties"]["items"]["maxItems"] == LIMITS.max("list_items")
    assert defs["carousel"]["properties"]["items"]["maxItems"] == LIMITS.max("carousel_items")


def test_limits_file_names_source_date_and_degradation_for_each_limit():
    for limit in LIMITS.items.values():
        assert limit.source.startswith(("https://", "issue 16")), limit
        assert limit.checked == "2026-11-28" and limit.degrade and limit.what
    assert LIMITS.max("label") == 14 and LIMITS.max("quick_replies") == 10
    with pytest.raises(ValueError, match="limit 'x' lacks"):
        parse({"limits": {"x": {"max": 3}}})
    with pytest.raises(ValueError, match="degrade must be one of"):
        parse({"limits": {"x": {"max": 3, "what": "-", "source": "-", "checked": "-",
                                "degrade": "explode"}}})


# --- the sample content: every screen of its scenario, and the check agrees ---------------


def test_every_sample_screen_fits_and_the_check_agrees(client):  # noqa: ANN001
    """Each screen of the sample scenario (every page) fits; a screen gets a "더보기" page
    exactly when `kb check --target kakao`'s layout says its options do not fit."""
    from chatbot import scenarios
    from kbsite.store import content

    with client.application.app_context():
        scenario = scenarios(content())["main"]
    style = Style(base_url="http://127.0.0.1:8000")
    paths = [()] + [tuple(p) for p, _, _ in _screens(scenario)] + [
        (*p, i) for p, _, options in _screens(scenario) for i in range(len(options))]
    for path in dict.fromkeys(paths):
        page = 0
        while True:
            body = client.post(URL, json={"userRequest": {"utterance": "", "user": {"id": "w"}},
                                          "action": {"clientExtra": {"scenario": "main",
                                                                     "path": list(path),
                                                                     "page": page}}}).get_json()
            assert problems(body) == [], (path, page)
            extras = [r["extra"] for r in body["template"].get("quickReplies", [])]
            more = [e for e in extras if e.get("page")]
            turn = turn_at(scenario, path)
            if turn.options and page == 0:
                nav = len(navigation(scenario, turn, style))
                assert bool(more) == quick_layout(len(turn.options), nav, 10)[1], path
            if not more:
                break
            page = more[0]["page"]


def test_sample_answer_is_a_basic_card_with_the_site_image(client):  # noqa: ANN001
    body = client.post(URL, json={"userRequest": {"utterance": "환불 받고 싶어요",
                                                  "user": {"id": "s"}}}).get_json()
    assert problems(body) == []
    card_ = body["template"]["outputs"][0]["basicCard"]
    assert card_["title"] == "환불은 어떻게 신청하나요?"
    assert card_["thumbnail"]["imageUrl"] == "http://127.0.0.1:8000/images/og-default.svg"
    assert card_["buttons"][0]["webLinkUrl"] == "http://127.0.0.1:8000/articles/refund-request?ref=kakao"


# --- degradations, one by one ---------------------------------------------------------------

STYLE = Style(base_url="https://help.example")


def test_long_text_is_cut_and_ends_with_the_link():
    out = text("가나다 " * 400, STYLE, link="https://help.example/articles/a")["simpleText"]["text"]
    assert len(out) <= LIMITS.max("simple_text")
    assert out.endswith("…\nhttps://help.example/articles/a")


def test_long_labels_are_cut_with_an_ellipsis():
    assert shorten("배송지·옵션을 바꾸고 싶어요", 14) == "배송지·옵션을 바꾸고 싶…"
    assert shorten("배송 조회", 14) == "배송 조회"


def test_cards_cut_title_and_description_and_need_an_image_to_be_basic():
    item = Card("제" * 60, "설" * 500, "https://help.example/articles/a")
    basic = card(item, Style(base_url="https://help.example", image="https://i.example/a.png"))
    assert len(basic["basicCard"]["description"]) == 230
    assert basic["basicCard"]["description"].endswith("…")
    assert len(basic["basicCard"]["title"]) == 50
    plain_card = card(item, STYLE)["textCard"]
    assert len(plain_card["title"]) + len(plain_card["description"]) == 400
    assert problems(response([basic, card(item, STYLE)], [], STYLE)) == []


@pytest.mark.parametrize(("n", "shape"), [(5, "listCard"), (6, [4, 2]), (12, [4, 4, 4]),
                                          (30, [4, 4, 4, 4, 4])])
def test_long_lists_become_a_carousel_of_lists(n, shape):  # noqa: ANN001
    items = [Card(f"문서 {i}", "요약", f"https://help.example/articles/a{i}") for i in range(n)]
    out = card_list(items, STYLE, "이 중에 있나요?", more_url="https://help.example/search?q=x")
    if shape == "listCard":
        assert len(out["listCard"]["items"]) == 5
    else:
        assert [len(c["items"]) for c in out["carousel"]["items"]] == shape
    assert problems(response([out], [], STYLE)) == []


def test_a_response_over_the_size_limit_drops_outputs_until_it_fits():
    many = [Card("제" * 50, "설" * 230, "https://help.example/articles/" + "a" * 2000)
            for _ in range(20)]
    big = [card_list(many, STYLE, "목록"), card_list(many, STYLE, "목록"),
           text("가" * 1000, STYLE)]
    body = response(big, [], STYLE)
    assert problems(body) == []
    assert len(body["template"]["outputs"]) < 3


def test_plain_text_writes_links_out():
    assert plain("**배송**은 [배송 조회](article:delivery-tracking)에서 확인해요.\n## 참고",
                 "https://help.example/") == (
        "배송은 배송 조회 (https://help.example/articles/delivery-tracking?ref=kakao)에서 확인해요.\n참고")


def test_the_docs_list_every_limit_with_its_number():
    doc = (ROOT / "docs" / "kakao.md").read_text("utf-8")
    for limit in LIMITS.items.values():
        assert f"| `{limit.name}` | {limit.max} |" in doc, limit.name


def test_with_counselling_talk_the_handoff_is_kakaos_operator_button(make_content,  # noqa: ANN001
                                                                     tmp_path: Path):
    root = make_content({"site.yaml": SITE})
    app = create_app({"TESTING": True, "CONTENT_DIR": str(root), "KAKAO_OPERATOR": True,
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    request = json.loads((GOLDEN / "requests" / "handoff.json").read_text("utf-8"))
    body = app.test_client().post(URL, json=request).get_json()
    assert problems(body) == []
    first, *rest = body["template"]["outputs"]
    assert first["textCard"]["buttons"] == [{"action": "operator", "label": "상담원 연결"}]
    listed = rest[0]["simpleText"]["text"]
    assert "pf.kakao.com" not in listed and "카카오톡 상담" not in listed  # we are in KakaoTalk
    assert "전화 1588-0000" in listed
    assert events(app) == [{"type": "handoff", "source": "kakao", "session": SESSION}]
