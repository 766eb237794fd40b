"""The scenario engine: a pure function of (scenario, state, choice)."""

from __future__ import annotations

import pytest

from chatbot import engine
from chatbot.model import Node, Scenario


def node(label: str, *children: Node, **ending: object) -> Node:
    return Node(label=label, line=1, options=children or None, **ending)  # type: ignore[arg-type]


SCENARIO = Scenario(
    id="main", path="main.yaml", title="테스트", greeting="무엇을 도와드릴까요?",
    options=(
        node("주문/배송",
             node("배송 조회", article="delivery-tracking"),
             node("해외 배송",
                  node("관세", answer="관세는 고객 부담이에요.", handoff=True),
                  node("배송 기간", answer="7~14일 걸려요."))),
        node("상담원 연결", handoff=True),
    ),
)


def test_start_shows_greeting_and_top_options():
    turn = engine.start(SCENARIO)
    assert turn.path == ()
    assert turn.message == "무엇을 도와드릴까요?"
    assert [o.label for o in turn.options] == ["주문/배송", "상담원 연결"]
    assert not turn.can_back and not turn.is_ending


def test_walk_three_levels_by_label_and_index():
    turn = engine.choose(SCENARIO, (), "주문/배송")
    turn = engine.choose(SCENARIO, turn.path, 1)
    assert turn.labels == ("주문/배송", "해외 배송")
    assert [o.label for o in turn.options] == ["관세", "배송 기간"]
    turn = engine.choose(SCENARIO, turn.path, "관세")
    assert turn.path == (0, 1, 0)
    assert turn.answer == "관세는 고객 부담이에요."
    assert turn.handoff and turn.is_ending and turn.options == ()


def test_article_ending_gives_a_card():
    turn = engine.choose(SCENARIO, (0,), "배송 조회")
    assert turn.articles == ("delivery-tracking",)
    assert turn.is_ending and not turn.handoff


def test_back_goes_up_one_level_and_home_restarts():
    assert engine.back(SCENARIO, (0, 1, 0)).labels == ("주문/배송", "해외 배송")
    assert engine.back(SCENARIO, (0,)).path == ()
    assert engine.back(SCENARIO, ()).path == ()
    assert engine.home(SCENARIO) == engine.start(SCENARIO)


def test_same_input_same_turn():
    assert engine.choose(SCENARIO, (0,), 1) == engine.choose(SCENARIO, (0,), "해외 배송")


@pytest.mark.parametrize(("path", "choice"), [((), 5), ((), "없는 선택지"), ((9,), 0),
                                              ((1,), 0), ((0, 0), "x")])
def test_invalid_choices_raise(path, choice):  # noqa: ANN001
    with pytest.raises(engine.InvalidChoice):
        engine.choose(SCENARIO, path, choice)


def test_sample_main_scenario_is_walkable():
    from chatbot import scenarios
    from kb.content.tree import load_content
    from kbsite.kinds import KINDS
    from tests.conftest import SAMPLE

    content = load_content(SAMPLE, kinds=KINDS)
    main = scenarios(content)["main"]
    turn = engine.start(main)
    assert len(turn.options) >= 6
    assert any(o.label == "상담원 연결" for o in turn.options)
    depths = [len(labels) for labels, _, _ in main.walk()]
    assert max(depths) == 3
    for labels, _, n in main.walk():  # every leaf of the sample ends somewhere real
        if not n.is_branch:
            assert n.has_ending, labels
            if n.article:
                assert content.article(n.article) is not None, labels
