"""Routes through Flask's test client, over the sample content."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_api_error


def test_home_lists_categories_with_counts(client):  # noqa: ANN001
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in page
    assert "가전마켓 고객센터" in page
    assert 'href="/categories/orders"' in page
    assert re.search(r"문서 \d+개", page)
    assert 'href="tel:1588-0000"' in page  # handoff channels from site.yaml


def test_category_page_lists_articles_and_subcategories(client):  # noqa: ANN001
    page = client.get("/categories/orders").get_data(as_text=True)
    assert "<h1>주문/결제</h1>" in page
    assert 'href="/categories/payment"' in page
    assert 'href="/articles/order-cancel"' in page
    assert 'href="/articles/parts-purchase"' not in page  # drafts stay out


def test_subcategory_has_breadcrumbs(client):  # noqa: ANN001
    page = client.get("/categories/payment").get_data(as_text=True)
    assert 'href="/categories/orders">주문/결제</a>' in page
    assert 'href="/articles/installment"' in page


def test_article_page(client):  # noqa: ANN001
    response = client.get("/articles/refund-request")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>환불은 어떻게 신청하나요?</h1>" in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/refund-request">' in page
    assert 'id="how-to-request"' in page
    assert "관련 문서" in page
    # Only our own script files: no inline script that content or CSP could let in.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/search.js" defer>',
                                                  '<script src="/static/manual.js" defer>']


def test_english_article_switches_ui_and_links_translation(client):  # noqa: ANN001
    page = client.get("/articles/delivery-fee-en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Related articles" in page or "Still need help?" in page
    assert 'href="/articles/delivery-fee" hreflang="ko"' in page
    korean = client.get("/articles/delivery-fee").get_data(as_text=True)
    assert 'href="/articles/delivery-fee-en" hreflang="en"' in korean


def test_alias_answers_301_to_canonical(client):  # noqa: ANN001
    response = client.get("/articles/refund")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/articles/refund-request")


@pytest.mark.parametrize("url", ["/articles/nope", "/categories/nope", "/articles/parts-purchase",
                                 "/no/such/page"])
def test_404_is_an_html_page(client, url):  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "페이지를 찾을 수 없어요" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/api/v1/articles/nope", "/api/v1/scenarios/nope",
                                 "/api/v1/nothing-here"])
def test_api_404_is_json(client, url):  # noqa: ANN001
    assert_api_error(client.get(url), 404)


def test_api_405_is_json(client):  # noqa: ANN001
    assert_api_error(client.post("/api/v1/articles/refund-request"), 405)


def test_api_article(client):  # noqa: ANN001
    data = client.get("/api/v1/articles/refund-request").get_json()
    assert data["ok"] is True
    assert data["article"]["title"] == "환불은 어떻게 신청하나요?"
    assert data["article"]["url"] == "/articles/refund-request"
    assert "<script" not in data["article"]["html"]


def test_api_scenario_tree(client):  # noqa: ANN001
    response = client.get("/api/v1/scenarios/main")
    assert "환불" in response.get_data(as_text=True)  # Korean stays readable, not \\u escapes
    tree = response.get_json()["scenario"]
    assert tree["id"] == "main"
    assert any(o.get("handoff") for o in tree["options"])


def test_healthz(client):  # noqa: ANN001
    data = client.get("/healthz").get_json()
    assert data["ok"] is True and data["articles"] >= 40 and data["errors"] == 0


def test_images_are_served_with_a_locked_down_csp(client):  # noqa: ANN001
    with client.get("/images/as-flow.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert b"<svg" in response.data
    assert client.get("/images/../site.yaml").status_code == 404


def test_security_headers(client):  # noqa: ANN001
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_english_ui_by_query(client):  # noqa: ANN001
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Categories" in page
