"""`kb check`: every bad input gets its full path:line message and hint, all at once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kb.content.tree import load_content
from kbsite.cli import main
from kbsite.kinds import KINDS

A = "content/articles/orders/bad.md"
S = "content/scenarios/main.yaml"


def problems(root, lang="en") -> list[str]:  # noqa: ANN001
    return [p.format(lang) for p in load_content(root, kinds=KINDS).problems]


def article(front: str, body: str = "본문\n") -> str:
    return f"---\n{front}---\n{body}"


OK_FRONT = "title: 환불\ncategory: orders\nsummary: 요약\n"

# (files, expected full message with hint) — one row per bad input from the issue.
CASES = [
    pytest.param({A: ""}, f"{A}:1: file is empty\n    hint: fill it in or delete it", id="empty"),
    pytest.param(
        {A: "# 제목\n본문\n"},
        f"{A}:1: no front matter\n    hint: start the file with '---', the metadata, then "
        "'---'; e.g. ---⏎title: Title⏎category: orders⏎---", id="no-front-matter"),
    pytest.param(
        {A: "---\ntitle: 환불\ncategory: orders\n본문\n"},
        f"{A}:1: front matter is not closed with '---'\n    hint: start the file with '---', "
        "the metadata, then '---'; e.g. ---⏎title: Title⏎category: orders⏎---",
        id="unclosed"),
    pytest.param(
        {A: "---\n- 환불\n- 배송\n---\n본문\n"},
        f"{A}:2: front matter must be a mapping of key: value, got a list\n    hint: start the "
        "file with '---', the metadata, then '---'; e.g. ---⏎title: Title⏎category: orders⏎---",
        id="not-a-mapping"),
    pytest.param(
        {A: article("title: 환불\ncategory: [orders\n")},
        f"{A}:3: YAML syntax error at column 18: expected ',' or ']', but got '<stream end>'\n"
        "    hint: check the indentation; quote values that contain ':' or '#'",
        id="yaml-syntax"),
    pytest.param(
        {A: article("title: 환불: 방법\ncategory: orders\n")},
        f"{A}:2: YAML syntax error at column 10: mapping values are not allowed here\n"
        "    hint: check the indentation; quote values that contain ':' or '#'",
        id="yaml-colon"),
    pytest.param(
        {A: article(OK_FRONT + "questions:\n\t- 환불\n")},
        f"{A}:6: tab character in indentation\n"
        "    hint: YAML indents with spaces only; replace the tab with two spaces", id="tabs"),
    pytest.param(
        {A: article(OK_FRONT + 'tags: "결제,배송"\n')},
        f"{A}:5: 'tags' must be a list of strings, got a string \"결제,배송\"\n"
        "    hint: write a list: tags: [결제, 배송]", id="tags-string"),
    pytest.param(
        {A: article(OK_FRONT + 'draft: "yes"\n')},
        f"{A}:5: 'draft' must be true or false, got a string \"yes\"\n"
        "    hint: write true or false, without quotes", id="bool-string"),
    pytest.param(
        {A: article(OK_FRONT + "updated: 11월 1일\n")},
        f"{A}:5: 'updated' must be a date (YYYY-MM-DD), got a string \"11월 1일\"\n"
        "    hint: write dates like 2026-11-01", id="date"),
    pytest.param(
        {A: article(OK_FRONT + "updated: 2026-13-01\n")},
        f"{A}:5: cannot read this value: month must be in 1..12\n"
        "    hint: write dates like 2026-11-01", id="impossible-date"),
    pytest.param(
        {A: article(OK_FRONT + "id: 환불신청\n")},
        f"{A}:5: id '환불신청' must use lowercase ASCII letters, digits and hyphens only\n"
        "    hint: e.g. 'hwanbulsincheong'", id="id-non-ascii"),
    pytest.param(
        {A: article(OK_FRONT + "id: Refund-Request\n")},
        f"{A}:5: id 'Refund-Request' must use lowercase ASCII letters, digits and hyphens "
        "only\n    hint: e.g. 'refund-request'", id="id-upper-case"),
    pytest.param(
        {"content/articles/delivery/copy.md": article(
            "id: refund-request\ntitle: 복사\ncategory: delivery\nsummary: 요약\n")},
        "content/articles/orders/refund-request.md:1: id 'refund-request' is already used by "
        "content/articles/delivery/copy.md:2\n"
        "    hint: ids are permalinks and must be unique; rename one", id="duplicate-id"),
    pytest.param(
        {A: article(OK_FRONT + "aliases: [delivery-tracking]\n")},
        f"{A}:5: alias 'delivery-tracking' is the id of another article "
        "(content/articles/delivery/delivery-tracking.md)\n"
        "    hint: aliases are old ids; they must not equal a current id", id="alias-is-id"),
    pytest.param(
        {A: article("title: 환불\ncategory: ordrs\nsummary: 요약\n")},
        f"{A}:3: unknown category 'ordrs' (did you mean 'orders'?)\n"
        "    hint: categories.yaml ids: payment, orders, delivery", id="unknown-category"),
    pytest.param(
        {A: article(OK_FRONT + "tags: [배송/배송조휘]\n")},
        f"{A}:5: unknown tag '배송/배송조휘' (did you mean '배송/배송조회'?)\n"
        "    hint: use a tag from tags.yaml as 'parent' or 'parent/child', or add it there",
        id="unknown-tag"),
    pytest.param(
        {A: article(OK_FRONT + "tags: [환불]\n")},
        f"{A}:5: unknown tag '환불' (did you mean '결제/환불'?)\n"
        "    hint: use a tag from tags.yaml as 'parent' or 'parent/child', or add it there",
        id="bare-child-tag"),
    pytest.param(
        {A: article(OK_FRONT, "본문\n\n자세한 건 [배송](article:delivery-trackin)을 보세요.\n")},
        f"{A}:8: broken internal link 'article:delivery-trackin' (did you mean "
        "'delivery-tracking'?)\n    hint: link with [text](article:article-id) or a relative "
        "path to a real .md file", id="broken-link"),
    pytest.param(
        {A: article(OK_FRONT, "[배송](../delivery/tracking.md)\n")},
        f"{A}:6: broken internal link '../delivery/tracking.md' (did you mean "
        "'delivery-tracking'?)\n    hint: link with "
        "[text](article:article-id) or a relative path to a real .md file",
        id="broken-relative-link"),
    pytest.param(
        {A: article(OK_FRONT, "본문\n\n![주문내역](../../images/orders.png)\n")},
        f"{A}:8: image '../../images/orders.png' not found\n    hint: put images in "
        "content/images/ and link them like ../../images/file.png", id="missing-image"),
    pytest.param(
        {A: article(OK_FRONT + "catgory: orders\n")},
        f"{A}:5: unknown key 'catgory' in front matter (did you mean 'category'?)\n"
        "    hint: known keys: id, title, category, tags, summary, questions, aliases, related, "
        "lang, translation_of, updated, draft", id="unknown-key"),
    pytest.param(
        {A: article(OK_FRONT).encode() + "환불 안내\n".encode("cp949")},
        f"{A}:7: file is not UTF-8 (byte 65)\n"
        "    hint: save it again as UTF-8 (not ANSI/CP949) in your editor", id="not-utf8"),
    pytest.param(
        {A: article(OK_FRONT, "가" * 90_000)},
        f"{A}:1: file is 263 KB; the limit is 256 KB\n"
        "    hint: split it into several articles; keep images in content/images/",
        id="too-big"),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_article_input(make_content, files, expected):  # noqa: ANN001
    files = {k.removeprefix("content/"): v for k, v in files.items()}
    assert expected in problems(make_content(files))


DEEP = """\
title: 잘못된 시나리오
options:
  - label: 주문/배송
    options:
      - label: 배송 조회
        options:
          - label: 해외 배송
            options:
              - label: 관세
                answer: 관세는 고객 부담이에요.
  - label: 안내 없음
  - label: 배송 문서
    article: delivry-tracking
  - label: 상담원 연결
    handoff: true
  - label: 상담원 연결
    handoff: true
  - label: 결제
    options:
""" + "".join(f"      - label: 결제 질문 {i}\n        handoff: true\n" for i in range(1, 12))

SCENARIO_CASES = [
    pytest.param(
        f"{S}:9: option '관세' is 4 levels deep (주문/배송 > 배송 조회 > 해외 배송 > 관세); "
        "scenarios allow at most 3\n"
        "    hint: move it up a level, or end its parent in an article instead", id="depth"),
    pytest.param(
        f"{S}:11: option '안내 없음' leads nowhere: it has neither options nor an ending\n"
        "    hint: add options:, answer:, article: or handoff: true", id="dead-end"),
    pytest.param(
        f"{S}:13: option '배송 문서' goes to unknown article 'delivry-tracking' (did you mean "
        "'delivery-tracking'?)\n"
        "    hint: an article's id is its front matter id (or its file name)",
        id="unknown-article"),
    pytest.param(
        f"{S}:16: duplicate label '상담원 연결' among siblings (also on line 14)\n"
        "    hint: sibling buttons need distinct labels so customers can tell them apart",
        id="duplicate-label"),
    pytest.param(
        f"{S}:40: '결제' has 11 options; at most 10 per level\n"
        "    hint: KakaoTalk shows at most 10 buttons; group some under a new option",
        id="eleven-options"),
]


@pytest.mark.parametrize("expected", SCENARIO_CASES)
def test_bad_scenario_input(make_content, expected):  # noqa: ANN001
    assert expected in problems(make_content({"scenarios/main.yaml": DEEP}))


def test_depth_message_in_korean(make_content):  # noqa: ANN001
    found = problems(make_content({"scenarios/main.yaml": DEEP}), lang="ko")
    assert (f"{S}:9: 선택지 '관세'이(가) 4단계예요 (주문/배송 > 배송 조회 > 해외 배송 > 관세). "
            "시나리오는 최대 3단계까지예요\n"
            "    도움말: 한 단계 위로 올리거나, 하위 선택지 대신 문서(article)로 안내하세요") in found


def test_deeper_levels_are_reported_once(make_content):  # noqa: ANN001
    deeper = DEEP.replace("answer: 관세는 고객 부담이에요.",
                          "options:\n                  - label: 더 깊이\n"
                          "                    handoff: true")
    found = problems(make_content({"scenarios/main.yaml": deeper}))
    assert sum("levels deep" in p for p in found) == 1


def test_option_limit_is_configurable(make_content):  # noqa: ANN001
    site = "widget:\n  scenario: main\n  max_options: 12\n"
    found = problems(make_content({"scenarios/main.yaml": DEEP, "site.yaml": site}))
    assert not any("options; at most" in p for p in found)


def test_label_over_40_characters(make_content):  # noqa: ANN001
    label = "가" * 41
    main = f"options:\n  - label: {label}\n    handoff: true\n"
    found = problems(make_content({"scenarios/main.yaml": main}))
    assert (f"{S}:2: label '{label}' is 41 characters; at most 40\n"
            "    hint: keep button text short; put details in the answer") in found


def test_branch_with_an_ending_and_empty_branch(make_content):  # noqa: ANN001
    main = ("options:\n  - label: 둘 다\n    answer: 안내\n    options:\n"
            "      - label: 하위\n        handoff: true\n  - label: 빈 목록\n    options: []\n")
    found = problems(make_content({"scenarios/main.yaml": main}))
    assert (f"{S}:2: '둘 다' has both child options and an ending (answer/article/handoff)\n"
            "    hint: use one or the other; move the ending into a child option") in found
    assert (f"{S}:7: '빈 목록' has an empty list of options\n"
            "    hint: add options:, answer:, article: or handoff: true") in found


def test_scenario_without_handoff_is_a_warning(make_content):  # noqa: ANN001
    content = load_content(make_content({"scenarios/main.yaml":
                                         "options:\n  - label: 배송\n    answer: 2일 걸려요\n"}),
                           kinds=KINDS)
    assert [p.format("en") for p in content.warnings] == [
        f"{S}:1: no option hands off to a person (handoff: true)\n    hint: add a top-level "
        "'상담원 연결' option; the widget's person button stays visible anyway"]
    assert content.errors == []


def test_answer_with_broken_article_link(make_content):  # noqa: ANN001
    main = ("options:\n  - label: 환불\n    answer: '[환불](article:refnd-request) 참고'\n"
            "  - label: 상담원\n    handoff: true\n")
    found = problems(make_content({"scenarios/main.yaml": main}))
    assert (f"{S}:2: the answer of option '환불' has broken link 'article:refnd-request' (did "
            "you mean 'refund-request'?)\n"
            "    hint: an article's id is its front matter id (or its file name)") in found


def test_clean_tree_has_no_problems(make_content):  # noqa: ANN001
    assert problems(make_content()) == []


def test_every_bad_input_at_once(make_content):  # noqa: ANN001
    """One tree holding every bad input: all reported in one run, exit 1."""
    files = {}
    for case in CASES:
        for name, text in case.values[0].items():
            if name == A:  # give each case its own file
                name = f"content/articles/orders/bad-{case.id}.md"
            files[name.removeprefix("content/")] = text
    files["scenarios/main.yaml"] = DEEP
    make_content(files)
    result = CliRunner().invoke(main, ["check", "content", "--lang", "en"])
    assert result.exit_code == 1
    for case in [*CASES, *SCENARIO_CASES]:
        expected = case.values[-1]
        if case.id != "duplicate-id":
            expected = expected.replace(A, f"content/articles/orders/bad-{case.id}.md")
        assert expected in result.output, case.id
    errors = result.output.index("Errors:")
    warnings = result.output.index("Warnings:")
    assert errors < warnings
    articles = len(files) - 1 + 2  # the cases' files, minus the scenario, plus BASE's two
    summary = result.output.rstrip().splitlines()[-1]
    assert summary.startswith(f"{articles} articles, 1 scenario: ")


def test_summary_line_and_exit_codes(make_content):  # noqa: ANN001
    make_content({"articles/orders/extra.md": article("title: 추가\ncategory: orders\n")})
    ok = CliRunner().invoke(main, ["check", "--content", "content", "--lang", "en"])
    assert ok.exit_code == 0
    assert ok.output.splitlines()[-1] == "3 articles, 1 scenario: 0 errors, 1 warning"
    strict = CliRunner().invoke(main, ["check", "--content", "content", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "문서 3개, 시나리오 1개: 오류 0개, 경고 1개"
    assert "경고:" in strict.output


def test_content_from_environment(make_content, monkeypatch):  # noqa: ANN001
    root = make_content({"articles/orders/x.md": article("title: x\ncategory: nope\n")})
    monkeypatch.setenv("KB_CONTENT", str(root))
    monkeypatch.setenv("KB_LANG", "en")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "unknown category 'nope'" in result.output


def test_missing_content_folder(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "nowhere", "--lang", "en"])
    assert result.exit_code == 1
    assert "nowhere:1: content folder not found" in result.output


def test_check_loads_no_web_or_search_machinery():
    """`kb check` must stay fast: no Flask, Whoosh or Kiwi behind it."""
    import subprocess
    import sys

    from tests.conftest import SAMPLE

    code = ("import sys; from pathlib import Path; import kbsite.cli; from kb.content.check import check; from kbsite.kinds import KINDS; "
            f"c = check(Path({str(SAMPLE)!r}), KINDS); assert c.article_files > 40; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'flask', 'werkzeug', 'whoosh', 'kiwipiepy'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
