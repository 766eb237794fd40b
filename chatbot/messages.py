"""Scenario messages: structure, depth, labels, references, in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # scenarios
    "count_scenarios": ("시나리오 {n}개", "{n} scenario{s}"),
    "site_unknown_scenario": ("widget.scenario '{id}' 시나리오가 없어요",
                              "widget.scenario names unknown scenario '{id}'"),
    "scenario_hint": ("예: title: 챗봇⏎options:⏎  - label: 배송 조회⏎    article: delivery-tracking",
                      "e.g. title: Bot⏎options:⏎  - label: Track my order⏎    "
                      "article: delivery-tracking"),
    "bad_scenario_id": ("시나리오 파일 이름 '{id}'에는 영문 소문자, 숫자, 하이픈만 쓸 수 있어요",
                        "scenario file name '{id}' must use lowercase ASCII letters, digits "
                        "and hyphens only"),
    "duplicate_scenario": ("시나리오 id '{id}'가 {other}와 겹쳐요",
                           "scenario id '{id}' is also used by {other}"),
    "scenario_no_options": ("시나리오에 선택지가 없어요", "the scenario has no options"),
    "option_not_mapping": ("선택지는 '키: 값' 묶음이어야 하는데 {found}이에요",
                           "an option must be a mapping, got {found_en}"),
    "option_not_mapping_hint": ("예: - label: 배송 조회⏎    article: delivery-tracking",
                                "e.g. - label: Track my order⏎    article: delivery-tracking"),
    "too_deep": ("선택지 '{label}'이(가) {depth}단계예요 ({path}). 시나리오는 최대 {max}단계까지예요",
                 "option '{label}' is {depth} levels deep ({path}); scenarios allow at most "
                 "{max}"),
    "too_deep_hint": ("한 단계 위로 올리거나, 하위 선택지 대신 문서(article)로 안내하세요",
                      "move it up a level, or end its parent in an article instead"),
    "label_too_long": ("선택지 문구 '{label}'이(가) {length}자예요. 최대 {max}자예요",
                       "label '{label}' is {length} characters; at most {max}"),
    "label_too_long_hint": ("버튼 문구는 짧게, 자세한 내용은 answer에 쓰세요",
                            "keep button text short; put details in the answer"),
    "branch_and_ending": ("'{path}'에 하위 선택지(options)와 답변(answer/article/handoff)이 함께 있어요",
                          "'{path}' has both child options and an ending (answer/article/handoff)"),
    "branch_and_ending_hint": ("둘 중 하나만 쓰세요. 안내 문구가 필요하면 하위 선택지로 옮기세요",
                               "use one or the other; move the ending into a child option"),
    "empty_branch": ("'{path}'의 하위 선택지(options)가 비어 있어요",
                     "'{path}' has an empty list of options"),
    "dead_end": ("선택지 '{path}'이(가) 아무 데로도 이어지지 않아요 (하위 선택지도 답변도 없어요)",
                 "option '{path}' leads nowhere: it has neither options nor an ending"),
    "dead_end_hint": ("options:, answer:, article: 또는 handoff: true 중 하나를 추가하세요",
                      "add options:, answer:, article: or handoff: true"),
    "duplicate_label": ("같은 단계에 선택지 '{label}'이(가) 또 있어요 ({other}번째 줄)",
                        "duplicate label '{label}' among siblings (also on line {other})"),
    "duplicate_label_hint": ("같은 단계의 버튼 문구는 서로 달라야 고객이 구분할 수 있어요",
                             "sibling buttons need distinct labels so customers can tell them apart"),
    "too_many_options": ("'{path}'에 선택지가 {count}개예요. 한 단계에 최대 {max}개까지예요",
                         "'{path_en}' has {count} options; at most {max} per level"),
    "too_many_options_hint": ("카카오톡 버튼 한도는 10개예요. 비슷한 것끼리 새 선택지로 묶으세요",
                              "KakaoTalk shows at most 10 buttons; group some under a new option"),
    "option_unknown_article": ("선택지 '{label}'이(가) 알 수 없는 문서 '{id}'로 이어져요",
                               "option '{label}' goes to unknown article '{id}'"),
    "option_draft_article": ("선택지 '{label}'이(가) 초안(draft) 문서 '{id}'로 이어져요",
                             "option '{label}' goes to draft article '{id}'"),
    "answer_broken_link": ("선택지 '{label}'의 답변에 깨진 링크 '{src}'",
                           "the answer of option '{label}' has broken link '{src}'"),
    "no_handoff": ("상담원 연결(handoff: true) 선택지가 없어요",
                   "no option hands off to a person (handoff: true)"),
    "no_handoff_hint": ("처음 화면에 '상담원 연결' 선택지를 두세요. 위젯의 상담원 버튼은 항상 보여요",
                        "add a top-level '상담원 연결' option; the widget's person button "
                        "stays visible anyway"),
}

register(MESSAGES, __name__)

# the engine (chatbot.engine.InvalidChoice, HTTP 400)
MESSAGES.update({
    "invalid_choice": ("'{where}'에는 '{choice}' 선택지가 없어요. 화면에 보이는 버튼 중에서 골라 주세요",
                       "there is no option '{choice}' at '{where_en}'; pick one of the buttons "
                       "shown"),
    "invalid_path": ("대화 위치 {path}이(가) 이 시나리오에 없어요 (시나리오가 바뀌었을 수 있어요). "
                     "처음부터 다시 골라 주세요",
                     "step {path} does not exist in this scenario (it may have changed); "
                     "start over"),
})
register(MESSAGES, __name__)
