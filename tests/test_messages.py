"""One message catalogue: every code in Korean and English, and every edge speaking it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import chatbot.messages
import kb.accounts
import kb.content.messages
import kb.core.messages
import kb.insights.messages
import kb.search.messages
import kbsite.cli.messages
import kbsite.messages
import kbsite.messages_ops
from kb.accounts import AccountError, add_user
from kb.core.catalogue import MESSAGES, fields, owner, t
from kb.db import connect
from kb.errors import KbError
from kb.insights.events import validate_batch
from kb.insights.sheets import SheetError, import_sheet
from kb.search import IndexBusy, IndexMissing
from kbsite import create_app
from kbsite.cli import main
from kbsite.searching import SearchUnavailable
from tests.conftest import SAMPLE, assert_api_error

OWNERS = [chatbot.messages, kb.accounts, kb.content.messages, kb.core.messages,
          kb.insights.messages, kb.search.messages, kbsite.cli.messages, kbsite.messages,
          kbsite.messages_ops]
CODES = sorted(MESSAGES)
# Korean has no plural: English's `{s}` suffix ("1 article", "2 articles") has no partner.
ENGLISH_ONLY = {"s"}


def _names(template: str) -> set[str]:
    return {name.removesuffix("_en") for name in fields(template)} - ENGLISH_ONLY


def test_every_owner_registered_its_table():
    for module in OWNERS:
        assert {owner(code) for code in module.MESSAGES} == {module.__name__}


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_korean_and_english_with_the_same_placeholders(code):  # noqa: ANN001
    ko, en = MESSAGES[code]
    assert ko.strip() and en.strip(), f"{code} needs both languages"
    assert _names(ko) == _names(en), f"{code}: {{placeholders}} differ between ko and en"


# --- sheet import: each bad row as (row number, message), printed in either language ---


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


LONG = "냉장고에서 소리가 나요 " * 200  # 2,599 characters once stripped


@pytest.mark.parametrize(("row", "lang", "expected"), [
    ("11월 3일,전화,환불,날짜가 이상한 행", "ko",
     "2행: 날짜를 읽을 수 없어요: '11월 3일' (2026-11-01처럼 쓰세요)"),
    ("11월 3일,전화,환불,날짜가 이상한 행", "en",
     "row 2: date '11월 3일' is not a date (use 2026-11-01)"),
    ("2026-13-01,카카오톡,배송,배송이 안 와요", "ko",
     "2행: 날짜를 읽을 수 없어요: '2026-13-01' (2026-11-01처럼 쓰세요)"),
    ("2026-11-04,전화,환불,", "ko", "2행: 문의 내용이 비어 있어요"),
    ("2026-11-04,전화,환불,", "en", "row 2: the question is empty"),
    (f"2026-11-05,게시판,소음,{LONG}", "ko", "2행: 문의 내용이 2,000자를 넘어요"),
    (f"2026-11-05,게시판,소음,{LONG}", "en", "row 2: the question is over 2,000 characters"),
])
def test_sheet_row_errors(engine, tmp_path, row, lang, expected):  # noqa: ANN001
    path = tmp_path / "상담시트.csv"
    path.write_text(f"일자,채널,구분,내용\n{row}\n", "utf-8")
    result = import_sheet(engine, path)
    assert result.imported == 0
    assert [(e.row, e.text(lang)) for e in result.errors] == [(2, expected)]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("", "ko", "{path}: 빈 파일이에요"),
    ("", "en", "{path}: the file is empty"),
    ("날짜,메모\n2026-11-01,환불\n", "ko",
     "필수 열 question이(가) 없어요. 지금 헤더: 날짜, 메모. 열 이름을 내용 / question(으)로 "
     "바꾸거나 --map 열이름=question를 쓰세요"),
    ("날짜,메모\n2026-11-01,환불\n", "en",
     "missing column(s) question: the header has 날짜, 메모; name them 내용 / question or use "
     "--map COLUMN=question"),
])
def test_sheet_errors(engine, tmp_path, text, lang, expected):  # noqa: ANN001
    path = tmp_path / "sheet.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(SheetError) as info:
        import_sheet(engine, path)
    assert isinstance(info.value, KbError) and info.value.status == 400
    assert info.value.text(lang) == expected.format(path=path)


def test_summary_and_unknown_categories(engine, tmp_path):  # noqa: ANN001
    path = tmp_path / "sheet.csv"
    path.write_text("일자,구분,내용\n2026-11-01,사은품,사은품은 언제 오나요\n"
                    "2026-11-02,사은품,사은품 누락\n2026-11-02,,\n", "utf-8")
    result = import_sheet(engine, path, tags=("배송",))
    assert result.summary().ko == "2건 가져옴, 0건은 이미 있음, 오류 있는 행 1개"
    assert result.summary().en == "2 imported, 0 already there, 1 rows with errors"
    assert [n.ko for n in result.notes()] == ["구분 '사은품'이(가) tags.yaml에 없어요 (2행)"]
    assert [n.en for n in result.notes()] == ["category '사은품' is not in tags.yaml (2 rows)"]


SHEET = "일자,채널,구분,내용\n2026-11-02,카카오톡,결제/환불,환불 언제 되나요\n11월 3일,전화,환불,이상한 날짜\n"


@pytest.mark.parametrize(("args", "env", "lines"), [
    ([], {}, ["{path}: 3행: 날짜를 읽을 수 없어요: '11월 3일' (2026-11-01처럼 쓰세요)",
              "1건 가져옴, 0건은 이미 있음, 오류 있는 행 1개"]),
    (["--lang", "en"], {}, ["{path}: row 3: date '11월 3일' is not a date (use 2026-11-01)",
                            "1 imported, 0 already there, 1 rows with errors"]),
    ([], {"KB_LANG": "en"}, ["{path}: row 3: date '11월 3일' is not a date (use 2026-11-01)",
                             "1 imported, 0 already there, 1 rows with errors"]),
])
def test_cli_import_prints_row_errors_in_the_chosen_language(tmp_path, monkeypatch, args, env,
                                                              lines):  # noqa: ANN001
    monkeypatch.delenv("KB_LANG", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = tmp_path / "상담시트.csv"
    path.write_text(SHEET, "utf-8")
    result = CliRunner().invoke(main, ["import", "inquiries", str(path), "--content",
                                       str(SAMPLE), "--instance", str(tmp_path / "i"), *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [line.format(path=path) for line in lines]


@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", "오류: {path}: 빈 파일이에요"),
    ("en", "Error: {path}: the file is empty"),
])
def test_cli_sheet_error_is_one_line_and_exit_1(tmp_path, lang, expected):  # noqa: ANN001
    path = tmp_path / "empty.csv"
    path.write_text("", "utf-8")
    result = CliRunner().invoke(main, ["import", "inquiries", str(path), "--content",
                                       str(SAMPLE), "--instance", str(tmp_path / "i"),
                                       "--lang", lang])
    assert result.exit_code == 1
    assert result.output == expected.format(path=path) + "\n"


# --- accounts ---


@pytest.mark.parametrize(("name", "password", "role", "lang", "expected"), [
    ("김민지", "a-long-password", "agent", "ko", "아이디는 영문, 숫자, . _ @ - 로 2–80자여야 해요"),
    ("김민지", "a-long-password", "agent", "en", "name: 2–80 letters, digits or . _ @ -"),
    ("minji", "a-long-password", "owner", "ko", "역할은 다음 중 하나여야 해요: agent, admin, viewer"),
    ("minji", "a-long-password", "owner", "en", "role must be one of: agent, admin, viewer"),
    ("minji", "짧은비번", "agent", "ko", "비밀번호는 10자 이상이어야 해요"),
    ("minji", "짧은비번", "agent", "en", "password must be at least 10 characters"),
])
def test_account_errors(engine, name, password, role, lang, expected):  # noqa: ANN001
    with pytest.raises(AccountError) as info:
        add_user(engine, name, password, role)
    assert info.value.status == 400 and info.value.exit_code == 1
    assert info.value.text(lang) == expected


# --- events, search ---


@pytest.mark.parametrize(("payload", "ko", "en"), [
    ([], "이벤트가 없어요", "no events"),
    ({"type": "vote", "article": "a", "helpful": "네"}, "'helpful'은 true 또는 false여야 해요",
     "'helpful' must be true or false"),
    ([{"type": "handoff"}, {"type": "search"}], "1번 이벤트: 'search' 이벤트에는 query이(가) 필요해요",
     "event 1: 'search' needs: query"),
])
def test_event_errors(payload, ko, en):  # noqa: ANN001
    rows, error = validate_batch(payload)
    assert rows == [] and error is not None and (error.ko, error.en) == (ko, en)


def test_index_errors_are_503_kb_errors(tmp_path):  # noqa: ANN001
    from kb.search import SearchIndex

    with pytest.raises(IndexMissing) as info:
        SearchIndex(tmp_path).search("환불")
    assert info.value.status == 503
    assert info.value.text("en") == (f"no search index in {tmp_path}: run `kb index` "
                                     "(e.g. kb index --content content)")
    assert info.value.text("ko").startswith(f"{tmp_path}에 검색 색인이 없어요")


# --- the web layer: a KbError raised in a view is the one JSON error shape ---


@pytest.fixture(scope="module")
def raising_app(tmp_path_factory):  # noqa: ANN001, ANN201
    app = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance"))})
    errors = {"busy": IndexBusy("index_busy", root="instance/index"),
              "sheet": SheetError("sheet_empty", path="상담.csv"),
              "search": SearchUnavailable("search_index_unreadable")}

    @app.get("/api/v1/test-raise/<kind>")
    def api_raise(kind: str):  # noqa: ANN202
        raise errors[kind]

    @app.get("/test-raise/<kind>")
    def page_raise(kind: str):  # noqa: ANN202
        raise errors[kind]

    return app


@pytest.mark.parametrize(("kind", "query", "status", "message"), [
    ("busy", "", 503, "다른 프로세스가 instance/index의 색인을 쓰고 있어요. 잠시 후 다시 시도하세요"),
    ("busy", "?lang=en", 503, "another process is writing the index in instance/index"),
    ("sheet", "", 400, "상담.csv: 빈 파일이에요"),
    ("sheet", "?lang=en", 400, "상담.csv: the file is empty"),
    ("search", "?lang=en", 503, "the search index cannot be read"),
])
def test_kb_error_in_an_api_view_is_the_json_shape(raising_app, kind, query, status,
                                                   message):  # noqa: ANN001
    response = raising_app.test_client().get(f"/api/v1/test-raise/{kind}{query}")
    assert assert_api_error(response, status)["error"] == message


def test_kb_error_on_a_page_is_the_error_page(raising_app):  # noqa: ANN001
    response = raising_app.test_client().get("/test-raise/sheet?lang=en")
    assert response.status_code == 400 and "text/html" in response.content_type
    assert "상담.csv: the file is empty" in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/api/v1/articles/nope", 404, "'nope' 문서가 없어요"),
    ("/api/v1/articles/nope?lang=en", 404, "no article 'nope'"),
    ("/api/v1/scenarios/nope?lang=en", 404, "no scenario 'nope'"),
    ("/api/v1/no-such-endpoint", 404, "찾을 수 없어요"),
    ("/api/v1/no-such-endpoint?lang=en", 404, "not found"),
    ("/api/v1/agent/stats?lang=en", 401, "login required"),
])
def test_api_errors_in_the_request_language(client, path, status, message):  # noqa: ANN001
    assert assert_api_error(client.get(path), status)["error"] == message


def test_a_count_gives_english_its_plural_ending():
    assert [t("count_articles", n=n).en for n in (0, 1, 2)] == ["0 articles", "1 article",
                                                                 "2 articles"]
    assert t("count_articles", n=1).ko == "문서 1개"
    assert t("count_articles", n=1, s="s").en == "1 articles"  # the caller's own `s` wins
