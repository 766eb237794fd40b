"""Markdown rendering: sanitized HTML, stable ASCII anchors, internal links, images."""

from __future__ import annotations

import pytest

from kb.content.render import render
from kb.text.romanize import anchor_slug, romanize

XSS = [
    ("<script>alert(1)</script>본문", "<p>본문</p>"),
    ('<img src="x.png" onerror="alert(1)">', '<p><img src="x.png"></p>'),
    ("[눌러 주세요](javascript:alert(1))", '<p><a rel="noopener noreferrer">눌러 주세요</a></p>'),
    ('<a href="javascript:alert(1)" onclick="x()">링크</a>',
     '<p><a rel="noopener noreferrer">링크</a></p>'),
    ('<div onmouseover="x()" style="position:fixed">내용</div>', "<div>내용</div>"),
    ("<iframe src=https://evil.example></iframe>끝", "<p>끝</p>"),
    ('[a](data:text/html;base64,PHNjcmlwdD4=)', '<p><a rel="noopener noreferrer">a</a></p>'),
    ("## 제목 {onclick=alert(1)}", '<h2 id="jemok">제목</h2>'),
    ("<svg><script>alert(1)</script></svg>x", "<p>x</p>"),
    ('<form action="/x"><input name=a></form>텍스트', "<p>텍스트</p>"),
]


@pytest.mark.parametrize(("source", "expected"), XSS)
def test_xss_is_stripped(source, expected):  # noqa: ANN001
    assert render(source).html.strip() == expected


def test_korean_heading_gets_romanized_anchor():
    result = render("## 환불 신청 방법\n\n## A/S 접수하기\n")
    assert [(h.anchor, h.text) for h in result.toc] == [
        ("hwanbul-sincheong-bangbeop", "환불 신청 방법"),
        ("as-jeopsuhagi", "A/S 접수하기"),
    ]
    assert '<h2 id="hwanbul-sincheong-bangbeop">환불 신청 방법</h2>' in result.html


def test_explicit_anchor_wins_and_duplicates_get_suffixes():
    result = render("## 환불 신청 {#how-to}\n\n## 배송\n\n## 배송\n")
    assert [h.anchor for h in result.toc] == ["how-to", "baesong", "baesong_1"]


@pytest.mark.parametrize(("text", "expected"), [
    ("환불", "hwanbul"), ("배송 조회", "baesong johoe"), ("쿠폰", "kupon"),
    ("설치", "seolchi"), ("값", "gap"), ("Refund 환불", "Refund hwanbul"),
])
def test_romanize(text, expected):  # noqa: ANN001
    assert romanize(text) == expected


@pytest.mark.parametrize(("heading", "anchor"), [
    ("배송 조회 (택배)", "baesong-johoe-taekbae"), ("FAQ: Returns", "faq-returns"),
    ("!!!", "section"), ("2026년 추석 배송 안내", "2026nyeon-chuseok-baesong-annae"),
])
def test_anchor_slug(heading, anchor):  # noqa: ANN001
    assert anchor_slug(heading) == anchor


def test_article_links_become_permalinks():
    result = render("[환불](article:refund-request) [섹션](article:refund-request#how-to)")
    assert 'href="/articles/refund-request"' in result.html
    assert 'href="/articles/refund-request#how-to"' in result.html
    assert [(r.target, r.anchor) for r in result.refs] == [
        ("refund-request", ""), ("refund-request", "how-to")]


def test_relative_md_links_resolve_by_file(tmp_path):  # noqa: ANN001
    here = tmp_path / "articles" / "orders" / "a.md"
    other = (tmp_path / "articles" / "delivery" / "tracking.md").resolve()
    result = render("[배송](../delivery/tracking.md#step-2)", file=here.resolve(),
                    content_root=tmp_path, ids_by_path={other: "delivery-tracking"})
    assert 'href="/articles/delivery-tracking#step-2"' in result.html


def test_images_map_to_the_images_route(tmp_path):  # noqa: ANN001
    here = (tmp_path / "articles" / "orders" / "a.md").resolve()
    result = render("![주문내역](../../images/orders.svg) ![밖](../secret.png)", file=here,
                    content_root=tmp_path)
    assert 'src="/images/orders.svg"' in result.html
    assert [(r.kind, r.target) for r in result.refs] == [("image", "orders.svg"),
                                                         ("image", None)]


def test_tables_admonitions_and_code():
    result = render('| 구분 | 비용 |\n|:--|--:|\n| 반품 | 5,000원 |\n\n'
                    '!!! note "알아두세요"\n    주말은 쉬어요.\n\n```\nkb check\n```\n')
    assert '<td style="text-align:right">5,000원</td>' in result.html
    assert '<div class="admonition note">' in result.html
    assert '<p class="admonition-title">알아두세요</p>' in result.html
    assert "<pre><code>kb check\n</code></pre>" in result.html


def test_external_links_keep_safe_schemes():
    result = render("[전화](tel:1588-0000) [메일](mailto:help@shop.example) "
                    "[사이트](https://shop.example)")
    for href in ("tel:1588-0000", "mailto:help@shop.example", "https://shop.example"):
        assert f'href="{href}"' in result.html
