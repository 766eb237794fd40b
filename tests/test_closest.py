"""The closest scenario branch for a question search was unsure of: one definition
(`chatbot.engine.closest`) for the widget (through /api/v1/search) and KakaoTalk."""

from __future__ import annotations

from chatbot import scenarios
from chatbot.engine import closest
from kb.content.tree import load_content
from kbsite.kinds import KINDS
from tests.conftest import SAMPLE

MAIN = scenarios(load_content(SAMPLE, kinds=KINDS))["main"]


def labels(path) -> list[str]:  # noqa: ANN001
    out, options = [], MAIN.options
    for i in path:
        out.append(options[i].label)
        options = options[i].options or ()
    return out


def test_a_shared_word_finds_the_branch():
    assert labels(closest(MAIN, "냉장고 수리 소리", [])) == ["A/S·수리"]


def test_hits_pull_toward_their_branch():
    hits = ["refund-request"]
    path = closest(MAIN, "돈", hits)
    assert path is not None and "refund-request" in repr(MAIN.options[path[0]])


def test_nothing_in_common_is_none():
    assert closest(MAIN, "zzz", []) is None


def test_the_api_names_the_branch_only_when_unsure(client):  # noqa: ANN001
    # as the widget asks: three hits (more hits pull toward more branches)
    unsure = client.get("/api/v1/search?q=냉장고 소리&lang=ko&scenario=main&limit=3").get_json()
    assert unsure["confident"] is False
    assert labels(unsure["closest"]) == ["A/S·수리"]
    sure = client.get("/api/v1/search?q=환불은 어떻게 신청하나요&scenario=main").get_json()
    assert sure["confident"] is True and "closest" not in sure
    plain = client.get("/api/v1/search?q=냉장고 소리&lang=ko").get_json()
    assert "closest" not in plain  # no scenario named: nothing to point at
    unknown = client.get("/api/v1/search?q=냉장고 소리&lang=ko&scenario=nope").get_json()
    assert "closest" not in unknown
