"""The scenario engine: a pure function of (scenario, state, choice)."""

from __future__ import annotations

import pytest

from chatbot import engine
from chatbot.model import Node, Scenario
from kb.errors import KbError
from tests.fixtures import walks


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
    assert not turn.asks_resolved  # the channels are the next step, not another question


def test_article_ending_gives_a_card():
    turn = engine.choose(SCENARIO, (0,), "배송 조회")
    assert turn.articles == ("delivery-tracking",)
    assert turn.is_ending and not turn.handoff and turn.asks_resolved


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


# ---- the shared walks (tests/fixtures/scenario_walks.yaml), which the widget replays too ----

WALKS = walks.walks()


@pytest.fixture(scope="module")
def walk_scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    return walks.all_scenarios(tmp_path_factory.mktemp("walks"))


def replay(scenario: Scenario, walk: walks.Walk) -> list[tuple[str, dict[str, object]]]:
    """Every screen of `walk` as the engine shows it, labelled by the step that led there."""
    turn = engine.start(scenario)
    seen = [("start", turn.screen())]
    for step in walk.steps:
        if step.action == "choose":
            turn = engine.choose(scenario, turn.path, step.label)  # type: ignore[arg-type]
        elif step.action == "back":
            turn = engine.back(scenario, turn.path)
        else:
            turn = engine.home(scenario)
        seen.append((str(step), turn.screen()))
    return seen


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.name)
def test_engine_walks_match_the_shared_fixtures(walk, walk_scenarios):  # noqa: ANN001
    expected = [("start", walk.start)] + [(str(s), s.screen) for s in walk.steps]
    assert replay(walk_scenarios[walk.scenario], walk) == expected


def test_the_shared_walks_cover_the_issue_list():
    """Top level, 2 and 3 levels down, back from level 3, home from depth 2, every ending."""
    def depths(walk: walks.Walk) -> list[tuple[str, int]]:
        depth, out = 0, []
        for step in walk.steps:
            depth = {"choose": depth + 1, "back": max(depth - 1, 0), "home": 0}[step.action]
            out.append((step.action, depth))
        return out

    moves = [(w.scenario, pair) for w in WALKS for pair in depths(w)]
    for scenario in ("small", "main"):
        done = {pair for s, pair in moves if s == scenario}
        assert {("choose", 1), ("choose", 2), ("choose", 3), ("back", 2), ("back", 0),
                ("home", 0)} <= done, scenario
    screens = [s.screen for w in WALKS for s in w.steps]
    assert any(s["answer"] and not s["articles"] and not s["handoff"] for s in screens)
    assert any(s["articles"] and not s["answer"] for s in screens)
    assert any(s["handoff"] for s in screens)
    homes_from_depth_2 = [
        w.name for w in WALKS for before, step in zip(depths(w), w.steps[1:], strict=False)
        if before[1] == 2 and step.action == "home"]
    assert homes_from_depth_2


def test_screen_is_the_shape_the_fixtures_use():
    turn = engine.choose(SCENARIO, (0, 1), "관세")
    assert turn.screen() == {"message": "관세", "options": [], "back": True, "home": True,
                             "answer": True, "articles": [], "handoff": True}
    assert engine.start(SCENARIO).screen() == {
        "message": "무엇을 도와드릴까요?", "options": ["주문/배송", "상담원 연결"],
        "back": False, "home": False, "answer": False, "articles": [], "handoff": False}


@pytest.mark.parametrize(("path", "choice", "ko", "en"), [
    ((), "없는 선택지", "'처음 화면'에는 '없는 선택지' 선택지가 없어요. 화면에 보이는 버튼 중에서 골라 주세요",
     "there is no option '없는 선택지' at 'the first screen'; pick one of the buttons shown"),
    ((0, 1), 7, "'주문/배송 > 해외 배송'에는 '7' 선택지가 없어요. 화면에 보이는 버튼 중에서 골라 주세요",
     "there is no option '7' at '주문/배송 > 해외 배송'; pick one of the buttons shown"),
    ((9,), 0, "대화 위치 [9]이(가) 이 시나리오에 없어요 (시나리오가 바뀌었을 수 있어요). 처음부터 다시 골라 주세요",
     "step [9] does not exist in this scenario (it may have changed); start over"),
])
def test_invalid_choice_is_a_kb_error_in_both_languages(path, choice, ko, en):  # noqa: ANN001
    with pytest.raises(engine.InvalidChoice) as caught:
        engine.choose(SCENARIO, path, choice)
    error = caught.value
    assert isinstance(error, KbError) and isinstance(error, ValueError)
    assert error.status == 400
    assert (error.text("ko"), error.text("en"), str(error)) == (ko, en, en)
