"""`kb check --target kakao`: a scenario breaking each KakaoTalk limit, each named as
path:line with the rule; warnings by default, errors with --strict; nothing without --target."""

from __future__ import annotations

from click.testing import CliRunner

from kbsite.cli import main

LONG_ANSWER = "교환은 마이페이지에서 신청해요. " * 70  # 1,260 characters
BROKEN = f"""\
title: 카카오 한도를 넘는 챗봇
options:
  - label: 주문/결제
    options:
      - label: 결제했는데 주문 내역이 안 보이고 돈만 빠져나갔어요
        article: refund-request
      - label: 교환
        answer: "{LONG_ANSWER.strip()}"
  - label: 1번
    article: delivery-tracking
  - label: 2번
    article: delivery-tracking
  - label: 3번
    article: delivery-tracking
  - label: 4번
    article: delivery-tracking
  - label: 5번
    article: delivery-tracking
  - label: 6번
    article: delivery-tracking
  - label: 7번
    article: delivery-tracking
  - label: 8번
    article: delivery-tracking
  - label: 9번
    article: delivery-tracking
"""
SUMMARY = "가" * 240
LONG_SUMMARY = f"""\
---
title: 배송 조회는 어디서 하나요?
category: delivery
tags: [배송/배송조회]
summary: {SUMMARY}
---
## 배송 조회

주문내역에서 확인해요.
"""

EXPECTED_KO = [
    "content/articles/delivery/delivery-tracking.md:5: [kakao:card_description] 요약(summary)이 "
    "240자예요. 카카오톡 카드 설명은 230자까지라 잘려 보여요",
    "    도움말: 요약을 230자 이내로 줄이세요",
    "content/scenarios/main.yaml:5: [kakao:label] 선택지 '결제했는데 주문 내역이 안 보이고 돈만 "
    "빠져나갔어요'은(는) 28자예요. 카카오톡 버튼은 14자까지라 '결제했는데 주문 내역이…'(으)로 잘려 보여요",
    "    도움말: 버튼 문구를 14자 이내로 줄이고, 자세한 내용은 answer에 쓰세요",
    "content/scenarios/main.yaml:7: [kakao:simple_text] '주문/결제 > 교환'의 답변이 카카오톡에서 "
    f"{len(LONG_ANSWER.strip())}자예요. 말풍선은 1000자까지라 잘리고 링크가 붙어요",
    "    도움말: 답변은 짧게 쓰고, 긴 내용은 문서(article)로 안내하세요",
    "content/scenarios/main.yaml:23: [kakao:quick_replies] '(처음 화면)'에 선택지가 10개예요. 카카오톡 "
    "바로연결은 10개까지라 (이동 버튼 1개 포함) 8개만 보이고 나머지는 '더보기'로 넘어가요",
    "    도움말: 비슷한 선택지를 묶어 한 단계에 9개 이하로 두세요",
]


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["check", "--content", "content", *args])


def test_each_broken_limit_is_named_with_path_line_and_rule(make_content):  # noqa: ANN001
    make_content({"scenarios/main.yaml": BROKEN,
                  "articles/delivery/delivery-tracking.md": LONG_SUMMARY})
    result = run("--target", "kakao")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    kakao = [line for line in lines if "[kakao:" in line or line.startswith("    도움말: ") and
             lines[lines.index(line) - 1].count("[kakao:")]
    assert kakao == EXPECTED_KO
    assert lines[0] == "경고:"
    assert lines[-1] == "문서 2개, 시나리오 1개, 카카오톡 기준 시나리오 1개: 오류 0개, 경고 5개"


def test_strict_makes_them_errors_and_fails(make_content):  # noqa: ANN001
    make_content({"scenarios/main.yaml": BROKEN,
                  "articles/delivery/delivery-tracking.md": LONG_SUMMARY})
    result = run("--target", "kakao", "--strict", "--lang", "en")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Errors:"
    assert ("content/scenarios/main.yaml:23: [kakao:quick_replies] '(top level)' has 10 "
            "options; KakaoTalk shows 10 quick replies (1 of them for moving around), so 8 "
            "show and the rest move behind 'More'") in lines
    assert ("content/scenarios/main.yaml:5: [kakao:label] label '결제했는데 주문 내역이 안 보이고 "
            "돈만 빠져나갔어요' is 28 characters; KakaoTalk buttons show 14, so it reads "
            "'결제했는데 주문 내역이…'") in lines
    assert sum("[kakao:" in line for line in lines) == 4
    assert lines[-1].endswith(": 4 errors, 1 warning")  # the scenario's own: no hand-off


def test_without_target_kakao_is_not_checked(make_content):  # noqa: ANN001
    make_content({"scenarios/main.yaml": BROKEN,
                  "articles/delivery/delivery-tracking.md": LONG_SUMMARY})
    result = run()
    assert "[kakao:" not in result.output
    assert "카카오톡 기준" not in result.output


def test_a_clean_tree_has_no_kakao_findings(make_content):  # noqa: ANN001
    make_content()
    result = run("--target", "kakao", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "문서 2개, 시나리오 1개, 카카오톡 기준 시나리오 1개: 오류 0개, 경고 0개")
