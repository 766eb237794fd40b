"""The static export (`kbsite.export`), over the sample content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from kb.db import connect, database_url, events
from kbsite import create_app
from kbsite import export as exporting
from kbsite.cli import main
from kbsite.export import ExportResult, check_links, export_site
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def export_app(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    return create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                       "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance"))})


@pytest.fixture(scope="module")
def exported(export_app, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN001, ANN201
    out = tmp_path_factory.mktemp("export") / "site"
    return out, export_site(export_app, out)


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_home_page(exported) -> None:  # noqa: ANN001
    out, _ = exported
    page = read(out, "index.html")
    assert page.startswith("<!doctype html>")
    assert "가전마켓 고객센터" in page
    assert 'href="/categories/orders"' in page


def test_category_and_article_pages(exported) -> None:  # noqa: ANN001
    out, _ = exported
    assert "<h1>주문/결제</h1>" in read(out, "categories/orders/index.html")
    assert (out / "categories/payment/index.html").is_file()  # sub-categories too
    page = read(out, "articles/refund-request/index.html")
    assert "<h1>환불은 어떻게 신청하나요?</h1>" in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/refund-request">' in page


def test_every_published_article_is_exported_and_drafts_are_not(export_app, exported) -> None:  # noqa: ANN001
    out, result = exported
    content = export_app.extensions["answerloop.content"].get()
    published = {a.id for a in content.published()}
    written = {p.parent.name for p in (out / "articles").glob("*/index.html")}
    assert written == published | set(content.aliases)
    assert "parts-purchase" in content.articles  # the sample has this draft…
    assert not (out / "articles/parts-purchase").exists()  # …and it stays out
    assert not any("parts-purchase" in p.read_text(encoding="utf-8")
                   for p in out.rglob("*.html"))
    assert isinstance(result, ExportResult)
    assert result.redirects == len(content.aliases)
    assert result.pages >= 1 + len(content.categories) + len(published) + 2  # + search, 404


def test_alias_stub_redirects_to_new_id(exported) -> None:  # noqa: ANN001
    out, _ = exported
    stub = read(out, "articles/refund/index.html")
    assert stub.startswith("<!doctype html><meta charset=utf-8>")
    assert '<meta http-equiv="refresh" content="0; url=/articles/refund-request">' in stub
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/refund-request">' in stub
    assert '<a href="/articles/refund-request">환불은 어떻게 신청하나요?</a>' in stub
    assert "<title>환불은 어떻게 신청하나요?</title>" in stub


def test_search_and_404_pages(exported) -> None:  # noqa: ANN001
    out, _ = exported
    search = read(out, "search/index.html")
    assert '<meta name="robots" content="noindex">' in search
    assert re.search(r'<form class="searchbox"[^>]* action="/search"', search)
    assert "페이지를 찾을 수 없어요" in read(out, "404.html")


def test_assets_are_copied(export_app, exported) -> None:  # noqa: ANN001
    out, result = exported
    css = out / "static/manual.css"
    assert css.read_bytes() == (SAMPLE.parent / "site/static/manual.css").read_bytes()
    image = out / "images/delivery-tracking.svg"
    assert image.read_bytes() == (SAMPLE / "images/delivery-tracking.svg").read_bytes()
    assert 'src="/images/delivery-tracking.svg"' in read(out, "articles/delivery-tracking/index.html")
    static = [p for p in Path(export_app.static_folder).rglob("*") if p.is_file()]
    images = [p for p in (SAMPLE / "images").rglob("*") if p.is_file()]
    assert result.assets == len(static) + len(images)


def test_no_broken_links(exported) -> None:  # noqa: ANN001
    _, result = exported
    assert result.broken_links == []


def event_rows(engine) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar_one()


def test_export_records_no_events(export_app, exported) -> None:  # noqa: ANN001
    # Rendering every article for the export is not a visit (it recorded 51 views once).
    assert event_rows(export_app.extensions["answerloop.db"]) == 0


def test_kb_build_records_no_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    result = CliRunner().invoke(main, ["build", "--content", str(SAMPLE),
                                       "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/articles/refund-request/index.html").is_file()
    assert event_rows(connect(database_url(tmp_path / "instance"))) == 0


def test_link_checker_reports_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<a href="/a#top">ok</a> <a href="/a/?x=1">ok</a> <img src="/b.svg"> '
        '<a href="/missing">no</a> <a href="https://x.example/">external</a> '
        '<a href="//cdn.example/x.js">external</a> <a href="/a/../b.svg">no</a>',
        encoding="utf-8")
    (tmp_path / "b.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "index.html").write_text('<link href="/b.svg/">', encoding="utf-8")
    assert check_links(tmp_path) == ["a/index.html: /a/../b.svg", "a/index.html: /missing",
                                     "index.html: /b.svg/"]


def test_search_api_rewrites_every_search_form(export_app, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "site"
    result = export_site(export_app, out, search_api="https://help.example.com/")
    assert result.broken_links == []
    for name in ("search/index.html", "index.html", "404.html",
                 "articles/refund-request/index.html"):
        page = read(out, name)
        assert 'action="https://help.example.com/search"' in page, name
        assert 'action="/search"' not in page, name


@pytest.mark.parametrize("bad", ["help.example.com", "javascript:alert(1)", "ftp://x.example",
                                 "https://"])
def test_search_api_must_be_an_http_url(export_app, tmp_path: Path, bad: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="search_api"):
        export_site(export_app, tmp_path / "site", search_api=bad)
    assert not (tmp_path / "site").exists()


def test_refuses_non_empty_unrelated_folder(export_app, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="index.html"):
        export_site(export_app, out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious"]  # no leftovers


def test_refuses_a_file_and_the_content_folder(export_app, tmp_path: Path) -> None:  # noqa: ANN001
    file = tmp_path / "file.html"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not a folder"):
        export_site(export_app, file)
    with pytest.raises(ValueError, match="overlaps"):
        export_site(export_app, SAMPLE / "images" / "export")
    assert not (SAMPLE / "images" / "export").exists()


def test_empty_folder_is_fine(export_app, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "empty"
    out.mkdir()
    export_site(export_app, out)
    assert (out / "index.html").is_file()


def test_re_export_replaces_previous_export(export_app, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "site"
    first = export_site(export_app, out)
    (out / "articles/stale-article").mkdir()
    (out / "articles/stale-article/index.html").write_text("old", encoding="utf-8")
    second = export_site(export_app, out)
    assert second == first
    assert not (out / "articles/stale-article").exists()
    assert "가전마켓 고객센터" in read(out, "index.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left behind


def test_failed_export_keeps_previous_export(export_app, tmp_path: Path,  # noqa: ANN001
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    export_site(export_app, out)
    (out / "marker.txt").write_text("previous", encoding="utf-8")

    def fail(source: Path, target: Path) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(exporting, "_copy_tree", fail)
    with pytest.raises(OSError, match="disk full"):
        export_site(export_app, out)
    assert read(out, "marker.txt") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
