"""risks.yaml, products.yaml, site.yaml's channels and tags.yaml's old names: the sample
loads, every bad input gets its full path:line message, and the helpers answer."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kb.content.models import Product, RiskType
from kb.content.tree import load_content
from kbsite.cli import main
from kbsite.kinds import KINDS
from tests.conftest import SAMPLE

R, P, SITE, TAGS = ("content/risks.yaml", "content/products.yaml", "content/site.yaml",
                    "content/tags.yaml")
TAG_HINT = "    hint: use a tag from tags.yaml as 'parent' or 'parent/child', or add it there"
PRODUCT_HINT = "    hint: e.g. - name: side-by-side fridge⏎  code: RF-840⏎  group: fridges"


def problems(root, lang="en") -> list[str]:  # noqa: ANN001
    return [p.format(lang) for p in load_content(root, kinds=KINDS).problems]


CASES = [
    pytest.param(
        {"risks.yaml": "risks:\n  - name: 리콜\n    tags: [결제/환뷸, 배송]\n"},
        f"{R}:3: unknown tag '결제/환뷸' (did you mean '결제/환불'?)\n{TAG_HINT}",
        id="risk-unknown-tag"),
    pytest.param(
        {"risks.yaml": "risks:\n  - name: 리콜\n    words: [리콜]\n"
                       "returns:\n  - 결제/환불\n  - 반품\n"},
        f"{R}:6: unknown tag '반품'\n{TAG_HINT}", id="returns-unknown-tag"),
    pytest.param(
        {"risks.yaml": "praise:\n  tags: [배송/배송조휘]\n"},
        f"{R}:2: unknown tag '배송/배송조휘' (did you mean '배송/배송조회'?)\n{TAG_HINT}",
        id="praise-unknown-tag"),
    pytest.param(
        {"risks.yaml": "risks:\n  - name: 불친절 민원\n"},
        f"{R}:2: '불친절 민원' has neither tags nor words, so it counts nothing\n"
        "    hint: add tags: [a tag] or words: [words customers write]", id="risk-empty"),
    pytest.param(
        {"risks.yaml": "risks:\n  - name: 리콜\n    words: [리콜]\n"
                       "  - name: 리콜\n    words: [회수]\n"},
        f"{R}:4: risk type '리콜' appears twice (also on line 2)", id="risk-twice"),
    pytest.param(
        {"risks.yaml": "risks:\n  - words: [리콜]\n"},
        f"{R}:2: risk type is missing 'name'", id="risk-no-name"),
    pytest.param(
        {"risks.yaml": "- 리콜\n"},
        f"{R}:1: risks.yaml must be a mapping of key: value\n"
        "    hint: e.g. risks:⏎  - name: recall⏎    words: [recall]⏎returns: [returns/return]",
        id="risks-not-mapping"),
    pytest.param(
        {"products.yaml": "name: 냉장고\n"},
        f"{P}:1: products.yaml must be a list of products\n{PRODUCT_HINT}",
        id="products-not-list"),
    pytest.param(
        {"products.yaml": "- name: 양문형 냉장고\n  code: RF-840\n"},
        f"{P}:1: product is missing 'group'", id="product-no-group"),
    pytest.param(
        {"products.yaml": "- name: 양문형 냉장고\n  code: RF-840\n  group: 냉장고\n"
                          "- name: 4도어 냉장고\n  code: rf-840\n  group: 냉장고\n"},
        f"{P}:4: 'rf-840' (of 4도어 냉장고) is already used by product '양문형 냉장고' (line 1)",
        id="product-code-twice"),
    pytest.param(
        {"site.yaml": "channels:\n  카카오톡: [kakao, 카톡]\n  카카오 상담: [KAKAO]\n"},
        f"{SITE}:3: 'KAKAO' names both channel '카카오 상담' and '카카오톡'\n"
        "    hint: a value counts for one channel only; remove one (case is ignored)",
        id="channel-alias-twice"),
    pytest.param(
        {"site.yaml": "channels:\n  전화: phone\n"},
        f"{SITE}:2: the aliases of channel '전화' must be a list of names\n"
        "    hint: e.g. channels:⏎  전화: [alias1, alias2] (or [])", id="channel-not-list"),
    pytest.param(
        {"tags.yaml": "결제: [환불, {name: 결제수단, was: [환불]}]\n"},
        f"{TAGS}:1: old name '결제/환불' (of '결제/결제수단') is a current tag\n"
        "    hint: was: lists names no longer in use; remove the current tag or take it out "
        "of was:", id="was-is-current"),
    pytest.param(
        {"tags.yaml": "결제: [{name: 환불, was: [환급]}]\n"
                      "배송:\n  was: [결제/환급]\n  children: [배송조회]\n"},
        f"{TAGS}:2: old name '결제/환급' is claimed by both '배송' and '결제/환불'",
        id="was-twice"),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_reporting_input(make_content, files, expected):  # noqa: ANN001
    assert expected in problems(make_content(files))


def test_bad_input_in_korean_and_in_kb_check(make_content):  # noqa: ANN001
    make_content({"risks.yaml": "risks:\n  - name: 리콜\n    tags: [결제/환뷸]\n"})
    result = CliRunner().invoke(main, ["check", "content"])
    assert result.exit_code == 1
    assert (f"{R}:3: 알 수 없는 태그 '결제/환뷸' ('결제/환불'을(를) 찾으셨나요?)\n"
            "    도움말: tags.yaml에 있는 태그를 '상위' 또는 '상위/하위'로 쓰거나 tags.yaml에 추가하세요"
            ) in result.output


def test_sample_loads_every_reporting_file():
    content = load_content(SAMPLE, kinds=KINDS)
    assert content.problems == ()
    names = [r.name for r in content.reporting.risks]
    assert names == ["리콜", "외부 민원 (소비자원·커뮤니티)", "개인정보 노출", "불친절 민원",
                     "상담 실수 보상"]
    assert content.reporting.praise is not None and content.reporting.praise.name == "칭찬"
    assert content.reporting.is_return("교환반품/반품") and not content.reporting.is_return("배송")
    assert {p.group for p in content.products.values()} == {
        "냉장고", "세탁기", "건조기", "에어컨", "TV", "청소기", "주방가전"}
    assert content.product("rf-840") == content.product("양문형냉장고") == Product(
        "양문형 냉장고", "RF-840", "냉장고", ("양문형냉장고", "양문 냉장고"))
    assert content.product("냉장고") is None
    assert content.site.channel("카톡") == "카카오톡"
    assert [content.site.channel(s) for s in ("widget", "manual", "agent", "kakao")] == [
        "웹 위젯", "도움말 센터", "상담원 링크", "카카오톡"]


def test_risk_matches_tags_children_and_words():
    risk = RiskType("리콜", "Recall", tags=("AS수리",), words=("리콜", "Fire"))
    assert risk.matches("AS수리", "")
    assert risk.matches("AS수리/부품", "")
    assert not risk.matches("AS수리부품", "")
    assert risk.matches(None, "리콜 대상인가요")
    assert risk.matches("배송", "연기가 나고 fire 같아요")
    assert not risk.matches(None, "소리가 나요")
    assert risk.label("en") == "Recall" and risk.label("ko") == "리콜"


def test_channels_default_and_declared(make_content):  # noqa: ANN001
    plain = load_content(make_content()).site
    assert plain.channel("Widget") == "웹 위젯" and plain.channel("KAKAO") == "카카오톡"
    assert plain.channel("팩스") == "팩스"  # unknown values come back as written
    declared = load_content(make_content({"site.yaml": "channels:\n  카카오 상담: [카카오톡, kakao]\n"
                                                       "  팩스: []\n"})).site
    assert declared.channel("kakao") == declared.channel("카카오톡") == "카카오 상담"
    assert "카카오톡" not in declared.channels  # absorbed by the declared channel
    assert declared.channel("팩스") == "팩스" and declared.channel("widget") == "웹 위젯"
    assert list(declared.channels)[:2] == ["카카오 상담", "팩스"]


GROWN = """\
결제: [{name: 환불, was: [환급, 환불요청]}, 결제수단]
배송:
  was: [택배]
  children: [배송조회, {name: 지연, was: [늦음, 주문/배송늦음]}, 해외배송]
"""


@pytest.mark.parametrize(("old", "now"), [
    ("결제/환불", "결제/환불"),  # current
    ("결제/환급", "결제/환불"), ("환급", "결제/환불"), ("환불요청", "결제/환불"),
    ("배송/늦음", "배송/지연"), ("늦음", "배송/지연"), ("주문/배송늦음", "배송/지연"),
    ("택배", "배송"), ("택배/배송조회", "배송/배송조회"), ("택배/반송", "배송"),
    ("환불", "결제/환불"),  # a current child name
    ("기타", "기타"), (" 환급 ", "결제/환불"),
])
def test_tag_now(make_content, old, now):  # noqa: ANN001
    content = load_content(make_content({"tags.yaml": GROWN}))
    assert [p.format("en") for p in content.problems] == []
    assert content.tag_now(old) == now


def test_broken_reporting_files_keep_their_last_good_version(make_content):  # noqa: ANN001
    root = make_content({"risks.yaml": "risks:\n  - name: 리콜\n    words: [리콜]\n",
                         "products.yaml": "- name: 건조기\n  group: 건조기\n"})
    good = load_content(root)
    assert [r.name for r in good.reporting.risks] == ["리콜"] and list(good.products) == ["건조기"]
    (root / "risks.yaml").write_text("risks:\n  - name: 리콜\n    tags: [없는태그]\n", "utf-8")
    (root / "products.yaml").write_text("- name: 세탁기\n", "utf-8")
    served = load_content(root, previous=good)
    assert served.reporting == good.reporting and served.products == good.products
    assert len(served.errors) == 2
    fresh = load_content(root)
    assert fresh.reporting.risks == () and fresh.products == {}
