"""Consultation-sheet import: headers in Korean or English, CP949, row errors, no duplicates."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kb.db import connect, inquiries
from kb.insights.sheets import SheetError, import_sheet
from kbsite.cli import main
from tests.conftest import SAMPLE

SHEET = """일자,채널,구분,내용,결과
2026-11-02,카카오톡,환불,환불 언제 되나요,안내
2026-11-02,전화,배송,냉장고 배송 날짜 문의,안내
2026/11/03,게시판,알수없음,냉장고에서 소리나요,이관
11월 3일,전화,환불,날짜가 이상한 행,안내
2026-11-04,전화,환불,,안내
"""
TAGS = ("결제", "결제/환불", "배송", "배송/배송조회")


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


def questions(engine) -> list[tuple]:  # noqa: ANN001
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(inquiries.c.question, inquiries.c.tag, inquiries.c.norm)
            .order_by(inquiries.c.id))]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_import_korean_sheet(engine, tmp_path, encoding):  # noqa: ANN001
    path = tmp_path / "상담시트.csv"
    path.write_bytes(SHEET.encode(encoding))
    result = import_sheet(engine, path, tags=TAGS)
    assert result.imported == 3
    assert [(e.row, e.text("en")) for e in result.errors] == [
        (5, "row 5: date '11월 3일' is not a date (use 2026-11-01)"),
        (6, "row 6: the question is empty")]
    assert [e.text("ko") for e in result.errors] == [
        "5행: 날짜를 읽을 수 없어요: '11월 3일' (2026-11-01처럼 쓰세요)", "6행: 문의 내용이 비어 있어요"]
    assert result.unknown_categories == {"알수없음": 1}
    # Stored ask keys: content words as written (synonyms apply when grouping) and what
    # is asked (?when).
    assert questions(engine) == [("환불 언제 되나요", "결제/환불", "환불 ?when"),
                                 ("냉장고 배송 날짜 문의", "배송", "날짜 냉장고 문의 배송"),
                                 ("냉장고에서 소리나요", None, "냉장고 소리")]
    again = import_sheet(engine, path, tags=TAGS)
    assert (again.imported, again.duplicates) == (0, 3)


def test_english_headers_and_map(engine, tmp_path):  # noqa: ANN001
    path = tmp_path / "sheet.csv"
    path.write_text("Date,Channel,Memo\n2026-11-05,email,How do I get a refund?\n", "utf-8")
    with pytest.raises(SheetError, match="missing column") as info:
        import_sheet(engine, path)
    assert info.value.status == 400 and info.value.text("ko").startswith("필수 열 question이")
    result = import_sheet(engine, path, mapping={"Memo": "question"})
    assert result.imported == 1 and questions(engine)[0][2] == "refund ?how"


def test_wrong_encoding_is_one_clear_error(engine, tmp_path):  # noqa: ANN001
    path = tmp_path / "bad.csv"
    path.write_bytes("일자,내용\n".encode("utf-16"))
    with pytest.raises(SheetError, match="neither UTF-8 nor CP949"):
        import_sheet(engine, path)
    assert questions(engine) == []


def test_cli_import_then_gaps(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    path = tmp_path / "sheet.csv"
    rows = "".join(f"2026-11-{d:02d},전화,배송,냉장고 소음이 심해요 {d}\n" for d in range(1, 4))
    path.write_text("일자,채널,구분,내용\n" + rows, "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["import", "inquiries", str(path), "--content", str(SAMPLE),
                                  "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 already there, 0 rows with errors" in result.output
    queue = runner.invoke(main, ["gaps", "--period", "year", "--lang", "en"])
    assert queue.exit_code == 0 and "×3" in queue.output and "sheet 3" in queue.output
    assert "상담 시트 3" in runner.invoke(main, ["gaps", "--period", "year"]).output
    counts = runner.invoke(main, ["stats", "--period", "year", "--lang", "en"])
    assert counts.exit_code == 0 and "sheet" in counts.output and "3 (before 0)" in counts.output
    md = runner.invoke(main, ["report", "--period", "year", "--content", str(SAMPLE)])
    assert md.exit_code == 0 and "## 새 문서가 필요한 질문\n" in md.output
    en = runner.invoke(main, ["report", "--period", "year", "--content", str(SAMPLE),
                              "--lang", "en"])
    assert en.exit_code == 0 and "## Questions to write an article for\n" in en.output
    assert "| 배송 | 3 | 0 | 신규 |" in md.output  # inquiry types from the sheet's 구분
    html = runner.invoke(main, ["report", "--period", "year", "--format", "html",
                                "--content", str(SAMPLE)])
    assert html.output.startswith("<!doctype html>") and "<table>" in html.output


def test_example_sheet(tmp_path, monkeypatch):  # noqa: ANN001
    """The README's example: a month of 상담 시트 puts the noisy fridge first."""
    from tests.conftest import ROOT

    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    runner = CliRunner()
    sheet = ROOT / "examples" / "inquiries-2026-10.csv"
    result = runner.invoke(main, ["import", "inquiries", str(sheet), "--content", str(SAMPLE)])
    assert result.exit_code == 0
    assert "44건 가져옴, 0건은 이미 있음, 오류 있는 행 0개" in result.output
    assert "구분 '기타'이(가) tags.yaml에 없어요 (2행)" in result.output
    found = runner.invoke(main, ["gaps", "--period", "month", "--until", "2026-11-01",
                                 "--json"])
    import json

    out = json.loads(found.output)
    assert out["period"] == {"kind": "month", "label": "2026-10", "start": "2026-10-01",
                             "end": "2026-10-31", "tz": "Asia/Seoul"}
    first = out["gaps"][0]
    assert first["count"] == 14 and "냉장고" in first["question"]
    assert sum(g["count"] for g in out["gaps"]) == 44  # every ask in exactly one group


def test_batch_keys_are_the_one_at_a_time_keys():
    from kb.insights.questions import normalize, normalize_many

    base = ["환불 언제 되나요", "냉장고에서 소리나요", "배송이 안 와요 ㅠㅠ", "쿠폰 적용이 안돼요",
            "비밀번호를 잊어버렸어요", "How do I get a refund?", "설치 기사님이 안 오세요"]
    texts = [f"{q} {n}번째" for n in range(40) for q in base]  # 280: the threaded path
    assert normalize_many(texts) == [normalize(q) for q in texts]
    assert normalize_many(texts[:5], workers=1) == [normalize(q) for q in texts[:5]]


def test_progress_reaches_the_file_size(engine, tmp_path, monkeypatch):  # noqa: ANN001
    from kb.insights import sheets

    monkeypatch.setattr(sheets, "PROGRESS_EVERY", 7)
    path = tmp_path / "sheet.csv"
    path.write_text("일자,채널,구분,내용\n" + "".join(
        f"2026-11-{1 + n % 28:02d},전화,배송,냉장고 소음 {n}번 문의\n" for n in range(50)), "utf-8")
    calls: list[tuple[int, int]] = []
    result = import_sheet(engine, path, progress=lambda done, size: calls.append((done, size)))
    size = path.stat().st_size
    assert result.imported == 50 and len(calls) >= 7
    assert calls[-1] == (size, size)
    assert all(a[0] <= b[0] <= size for a, b in zip(calls, calls[1:], strict=False))


def test_cli_import_shows_no_bar_when_piped(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    path = tmp_path / "sheet.csv"
    path.write_text("일자,채널,구분,내용\n2026-11-02,전화,배송,냉장고 배송 날짜 문의\n", "utf-8")
    result = CliRunner().invoke(main, ["import", "inquiries", str(path), "--content",
                                       str(SAMPLE)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "1건 가져옴, 0건은 이미 있음, 오류 있는 행 0개"
    assert "█" not in result.output and "#" not in result.output


def test_cli_import_draws_a_bar_on_a_terminal(tmp_path):  # noqa: ANN001
    import os
    import subprocess
    import sys

    path = tmp_path / "sheet.csv"
    path.write_text("일자,채널,구분,내용\n" + "".join(
        f"2026-11-{1 + n % 28:02d},전화,배송,냉장고 소음 {n % 50}번 문의\n" for n in range(12000)),
        "utf-8")
    leader, follower = os.openpty()  # stderr is a terminal; stdout is a pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kbsite.cli", "import", "inquiries", str(path),
             "--content", str(SAMPLE), "--instance", str(tmp_path / "i")],
            stdout=subprocess.PIPE, stderr=follower, timeout=120,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout.decode().strip() == "12000건 가져옴, 0건은 이미 있음, 오류 있는 행 0개"
    bar = drawn.decode("utf-8", "replace")
    assert "가져오는 중" in bar and "100%" in bar, bar[-300:]
