"""While serving, a broken file is skipped and its last good version keeps serving."""

from __future__ import annotations

import pytest

from kbsite import create_app


@pytest.fixture
def live(sample_copy):  # noqa: ANN001, ANN201
    app = create_app({"TESTING": True, "CONTENT_DIR": str(sample_copy), "RELOAD": True})
    store = app.extensions["answerloop.content"]
    store.interval = 0  # check for changes on every request
    return app.test_client(), sample_copy


def title_of(client, article_id: str) -> str | None:  # noqa: ANN001
    response = client.get(f"/api/v1/articles/{article_id}")
    return response.get_json()["article"]["title"] if response.status_code == 200 else None


def test_edit_is_picked_up(live):  # noqa: ANN001
    client, root = live
    path = root / "articles" / "orders" / "refund-request.md"
    path.write_text(path.read_text("utf-8").replace("환불은 어떻게 신청하나요?", "환불 신청 방법"),
                    "utf-8")
    assert title_of(client, "refund-request") == "환불 신청 방법"


def test_broken_article_keeps_last_good_version(live, caplog):  # noqa: ANN001
    client, root = live
    path = root / "articles" / "orders" / "refund-request.md"
    good = path.read_text("utf-8")
    path.write_text(good.replace("title: 환불은 어떻게 신청하나요?", "title: 환불: 신청"), "utf-8")
    assert title_of(client, "refund-request") == "환불은 어떻게 신청하나요?"
    assert client.get("/articles/refund-request").status_code == 200
    assert client.get("/healthz").get_json()["errors"] == 1
    assert "refund-request.md:3: YAML syntax error" in caplog.text
    path.write_text(good.replace("환불은 어떻게 신청하나요?", "고친 제목"), "utf-8")
    assert title_of(client, "refund-request") == "고친 제목"
    assert client.get("/healthz").get_json()["errors"] == 0


def test_new_broken_file_is_skipped_and_others_serve(live):  # noqa: ANN001
    client, root = live
    (root / "articles" / "orders" / "new-one.md").write_text("---\ntitle: 새 문서\n", "utf-8")
    assert client.get("/articles/new-one").status_code == 404
    assert title_of(client, "order-cancel") is not None


def test_broken_categories_file_keeps_categories(live):  # noqa: ANN001
    client, root = live
    (root / "categories.yaml").write_text("- id: orders\n\tname: 깨짐\n", "utf-8")
    assert client.get("/categories/orders").status_code == 200
    assert client.get("/categories/delivery").status_code == 200
    assert client.get("/articles/delivery-tracking").status_code == 200


def test_broken_scenario_keeps_last_good(live):  # noqa: ANN001
    client, root = live
    (root / "scenarios" / "main.yaml").write_text("options:\n  - label: [\n", "utf-8")
    data = client.get("/api/v1/scenarios/main").get_json()
    assert data["ok"] and len(data["scenario"]["options"]) >= 6


def test_deleted_article_disappears(live):  # noqa: ANN001
    client, root = live
    (root / "articles" / "coupons" / "coupon-download.md").unlink()
    assert client.get("/articles/coupon-download").status_code == 404


def test_without_reload_content_is_fixed(sample_copy):  # noqa: ANN001
    client = create_app({"TESTING": True, "CONTENT_DIR": str(sample_copy)}).test_client()
    path = sample_copy / "articles" / "orders" / "refund-request.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("환불은 어떻게 신청하나요?", "바뀐 제목"), "utf-8")
    assert title_of(client, "refund-request") == "환불은 어떻게 신청하나요?"
