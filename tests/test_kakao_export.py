"""`kb export kakao-faq`: the 10 most asked questions that have articles, from KakaoTalk's
own asks, as menu buttons (label ≤ 14, the article's address), in a total order."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chatbot.kakao_faq import label_for, menu
from kbsite import create_app
from kbsite.cli import main
from tests.conftest import ROOT

# (how customers asked, how many times): sample-content questions, twelve of them, so the
# menu has to cut at ten; the first three are clearly answered by one article each.
ASKS = [("AS 접수하려면", 5), ("교환하고 싶어요", 5), ("반품하고 싶어요", 4),
        ("반품 배송비 얼마에요", 3), ("제품이 고장나서 왔어요", 1), ("배송조회 어떻게해요", 1),
        ("무이자 몇개월까지 돼요?", 1), ("멤버십 등급 기준", 1), ("마음이 바뀌었는데 반품되나요", 1),
        ("거래명세서 출력", 1), ("벽걸이 설치비 얼마에요", 1), ("보증기간 얼마에요", 1)]
TOP = [("AS 접수하려면", "as-request", 5), ("교환은 어떻게 신청하나요?", "exchange-request", 5),
       ("반품은 어떻게 신청하나요?", "return-request", 4)]  # label, article, asks


@pytest.fixture(scope="module")
def asked(tmp_path_factory) -> Path:  # noqa: ANN001
    """A sample copy, its index, and the ASKS sent through the KakaoTalk skill."""
    tmp = tmp_path_factory.mktemp("kakao-faq")
    content = Path(__import__("shutil").copytree(ROOT / "content", tmp / "content"))
    result = CliRunner().invoke(main, ["index", "--content", str(content), "--instance",
                                       str(tmp / "instance")])
    assert result.exit_code == 0, result.output
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content),
                      "INSTANCE_DIR": str(tmp / "instance")})
    client = app.test_client()
    for n, (question, times) in enumerate(ASKS):
        for i in range(times):
            response = client.post("/api/v1/channels/kakao/skill", json={
                "userRequest": {"utterance": question, "user": {"id": f"user-{n}-{i}"}}})
            assert response.status_code == 200
    app.extensions["answerloop.db"].dispose()
    return tmp


def export(tmp: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["export", "kakao-faq", "--content", str(tmp / "content"),
                                     "--instance", str(tmp / "instance"), *args])


def test_json_menu_is_the_ten_most_asked_articles_in_order(asked):  # noqa: ANN001
    """The menu is kb gaps' groups with an article, added up per article, ranked by asks then
    article id, cut at ten; the clearly answered questions lead it."""
    result = export(asked, "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    assert [(i["label"], i["article"], i["asks"]) for i in items[:3]] == TOP
    gaps = CliRunner().invoke(main, ["gaps", "--json", "--content", str(asked / "content"),
                                     "--instance", str(asked / "instance")])
    per_article: dict[str, int] = {}
    for gap in json.loads(gaps.output)["gaps"]:
        if gap["article"]:
            per_article[gap["article"]] = per_article.get(gap["article"], 0) + gap["count"]
    expected = sorted(per_article.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(i["article"], i["asks"]) for i in items] == expected
    assert len(items) == 10 and [i["rank"] for i in items] == list(range(1, 11))
    assert all(len(i["label"]) <= 14 for i in items)
    assert all(i["url"] == f"http://127.0.0.1:8000/articles/{i['article']}?ref=kakao" for i in items)
    assert items[0]["question"] == "AS 접수하려면"


def test_csv_to_a_file_and_dry_run_lists(asked, tmp_path):  # noqa: ANN001
    out = tmp_path / "menu.csv"
    result = export(asked, "--out", str(out))
    assert result.exit_code == 0 and result.output == f"{out}에 10개를 썼어요\n"
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert rows[0] == ["순위", "버튼 문구", "질문", "문서", "URL", "문의 수"]
    assert rows[2] == ["2", "교환은 어떻게 신청하나요?", "교환하고 싶어요", "exchange-request",
                       "http://127.0.0.1:8000/articles/exchange-request?ref=kakao", "5"]
    dry = export(asked, "--dry-run", "--out", str(tmp_path / "not-written.csv"), "--lang", "en")
    assert dry.exit_code == 0
    assert not (tmp_path / "not-written.csv").exists()
    lines = dry.output.splitlines()
    assert lines[1] == "1. AS 접수하려면 → http://127.0.0.1:8000/articles/as-request?ref=kakao (5 asks)"
    assert len(lines) == 11  # the period, then ten buttons


def test_same_statistics_same_menu_under_two_hash_seeds(asked):  # noqa: ANN001
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.append(subprocess.run(
            [sys.executable, "-m", "kbsite.cli", "export", "kakao-faq", "--format", "json",
             "--content", str(asked / "content"), "--instance", str(asked / "instance")],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])["items"]


def test_a_period_without_asks_says_so(asked):  # noqa: ANN001
    result = export(asked, "--period", "month", "--until", "2020-01-01")
    assert result.exit_code == 0
    assert "이 기간에 문서가 있는 질문이 없어요" in result.output


class Gap:
    def __init__(self, key: str, question: str, count: int, article: str | None) -> None:
        self.key, self.question, self.count, self.article = key, question, count, article


def test_menu_adds_up_asks_per_article_and_breaks_ties_by_id():
    gaps = [Gap("k2", "환불 언제 돼요", 2, "refund"), Gap("k1", "환불 받고 싶어요", 3, "refund"),
            Gap("k3", "배송 조회", 5, "tracking"), Gap("k4", "사은품", 9, None),
            Gap("k5", "지워진 문서", 9, "gone"), Gap("k6", "a", 5, "alpha")]
    titles = {"refund": "환불", "tracking": "배송 조회는 어떻게 하나요? 송장 번호로 확인해요",
              "alpha": "A"}
    found = menu(gaps, titles, "https://help.example/")
    assert [(i.article, i.count, i.question, i.label) for i in found] == [
        ("alpha", 5, "a", "A"), ("refund", 5, "환불 받고 싶어요", "환불"),
        ("tracking", 5, "배송 조회", "배송 조회")]
    assert found[0].url == "https://help.example/articles/alpha?ref=kakao"
    assert label_for("아주 아주 긴 문서 제목이에요 정말로", "이것도 아주 긴 질문이에요 정말로", 14) == (
        "아주 아주 긴 문서 제목…")
