"""site.yaml, categories.yaml, tags.yaml and synonyms.yaml: defaults and every mistake."""

from __future__ import annotations

import pytest

from kb.content.tree import load_content
from kbsite.kinds import KINDS


def problems(root) -> list[str]:  # noqa: ANN001
    return [p.format("en") for p in load_content(root, kinds=KINDS).problems]


CASES = [
    pytest.param(
        {"site.yaml": "name: 고객센터\nhandoff:\n  - type: kakaotalk\n    label: 카톡\n"},
        "content/site.yaml:3: 'type' must be one of the choices, got a string \"kakaotalk\"\n"
        "    hint: use one of: kakao, channeltalk, phone, email, form, link", id="channel-type"),
    pytest.param(
        {"site.yaml": "handoff:\n  - type: phone\n    label: 전화\n    url: 1588-0000\n"},
        "content/site.yaml:4: handoff channel 'phone' needs a url starting with tel:, got "
        "'1588-0000'\n    hint: e.g. phone → tel:1588-0000, email → mailto:help@shop.example, "
        "kakao → https://pf.kakao.com/…", id="channel-url"),
    pytest.param(
        {"site.yaml": "widget:\n  scenario: mian\n"},
        "content/site.yaml:2: widget.scenario names unknown scenario 'mian' (did you mean "
        "'main'?)", id="widget-scenario"),
    pytest.param(
        {"site.yaml": "widget:\n  page_rules:\n    - url: '*/cart*'\n      articles: [refund]\n"},
        "content/site.yaml:4: page rule '*/cart*' names unknown article 'refund' (did you "
        "mean 'refund-request'?)\n"
        "    hint: an article's id is its front matter id (or its file name)", id="page-rule"),
    pytest.param(
        {"site.yaml": "widget:\n  colour: '#000'\n"},
        "content/site.yaml:2: unknown key 'colour' in widget (did you mean 'color'?)\n"
        "    hint: known keys: greeting, color, position, lang, scenario, allowed_origins, "
        "page_rules, max_options", id="widget-key"),
    pytest.param(
        {"categories.yaml": "- id: orders\n  name: 주문\n- id: orders\n  name: 또 주문\n"
                            "- id: delivery\n  name: 배송\n  parent: shiping\n"},
        "content/categories.yaml:3: category id 'orders' appears twice (also on line 1)",
        id="category-duplicate"),
    pytest.param(
        {"categories.yaml": "- id: orders\n  name: 주문\n- id: delivery\n  name: 배송\n"
                            "  parent: order\n"},
        "content/categories.yaml:3: category 'delivery' has unknown parent 'order' (did you "
        "mean 'orders'?)", id="category-parent"),
    pytest.param(
        {"categories.yaml": "orders: 주문\n"},
        "content/categories.yaml:1: categories.yaml must be a list of categories\n"
        "    hint: e.g. - id: orders⏎  name: Orders", id="categories-not-list"),
    pytest.param(
        {"categories.yaml": "- id: Orders\n  name: 주문\n"},
        "content/categories.yaml:1: id 'Orders' must use lowercase ASCII letters, digits and "
        "hyphens only\n    hint: e.g. 'orders'", id="category-id"),
    pytest.param(
        {"tags.yaml": "결제: 환불\n"},
        "content/tags.yaml:1: child tags of '결제' must be a list\n"
        "    hint: e.g. 결제: [child1, child2] (or [])", id="tags-children"),
    pytest.param(
        {"tags.yaml": "결제/환불: []\n"},
        "content/tags.yaml:1: tag name '결제/환불' must be non-empty and must not contain '/'",
        id="tag-slash"),
    pytest.param(
        {"synonyms.yaml": "- [반품]\n- 리턴\n"},
        "content/synonyms.yaml:1: a synonym group must be a list of two or more words\n"
        "    hint: e.g. - [return, send back, 반품]", id="synonyms"),
    pytest.param(
        {"tags.yaml": "결제: []\n결제: [환불]\n"},
        "content/tags.yaml:2: key '결제' appears twice (also on line 1)", id="yaml-dup-key"),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_settings_mistakes(make_content, files, expected):  # noqa: ANN001
    assert expected in problems(make_content(files))


def test_site_defaults_without_site_yaml(make_content):  # noqa: ANN001
    content = load_content(make_content({"site.yaml": None}), kinds=KINDS)
    assert content.site.default_lang == "ko"
    assert content.site.widget.max_options == 10
    assert "{url}" in content.site.reply_template


def test_sample_site_settings():
    from tests.conftest import SAMPLE

    site = load_content(SAMPLE, kinds=KINDS).site
    assert site.name == "가전마켓 고객센터"
    assert [c.type for c in site.handoff][:2] == ["kakao", "phone"]
    assert site.widget.allowed_origins
    assert all(rule.articles for rule in site.widget.page_rules)
