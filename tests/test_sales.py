"""Sales import: headers in Korean or English, CP949, row errors in both languages, no
duplicates on re-import, repeats within a file, exit codes, and the orders window."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from kb.db import connect
from kb.insights.sales import import_sales, orders
from kb.insights.sheets import SheetError
from kbsite.cli import main
from tests.conftest import ROOT

SALES = """일자,제품,제품군,주문수,매출
2026-10-01,양문형 냉장고,냉장고,"1,200","￦1,500,000"
2026-10-01,양문형 냉장고,냉장고,"1,200","1,500,000원"
2026-10-02,드럼 세탁기,세탁기,-3,
10월 3일,드럼 세탁기,세탁기,3,
2026-10-03,,세탁기,3,
2026-10-04,의류 건조기,건조기,abc,
2026-10-04,의류 건조기,건조기,2.5,
2026-10-05,의류 건조기,,4,십만원
2026-10-31,드럼 세탁기,세탁기,5,
2026-11-01,드럼 세탁기,세탁기,7,8400000
"""

ERRORS_EN = [
    "row 4: orders cannot be negative: '-3' (write 0 or more)",
    "row 5: date '10월 3일' is not a date (use 2026-10-01)",
    "row 6: the product is empty",
    "row 7: orders 'abc' is not a whole number (write e.g. 12)",
    "row 8: orders '2.5' is not a whole number (write e.g. 12)",
    "row 9: amount '십만원' is not a number (write e.g. 1250000)",
]
ERRORS_KO = [
    "4행: 주문수가 음수예요: '-3' (취소·반품은 빼고 0 이상으로 쓰세요)",
    "5행: 날짜를 읽을 수 없어요: '10월 3일' (2026-10-01처럼 쓰세요)",
    "6행: 제품이 비어 있어요",
    "7행: 주문수 'abc'이(가) 0 이상의 정수가 아니에요 (12처럼 쓰세요)",
    "8행: 주문수 '2.5'이(가) 0 이상의 정수가 아니에요 (12처럼 쓰세요)",
    "9행: 매출 '십만원'이(가) 숫자가 아니에요 (1250000처럼 쓰세요)",
]


@pytest.fixture
def engine(tmp_path):  # noqa: ANN001, ANN201
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_import_sales_in_both_encodings(engine, tmp_path, encoding):  # noqa: ANN001
    path = tmp_path / "판매.csv"
    path.write_bytes(SALES.encode(encoding))
    result = import_sales(engine, path)
    assert (result.imported, result.duplicates) == (4, 0)  # the repeated row counts twice
    assert [e.text("en") for e in result.errors] == ERRORS_EN
    assert [e.text("ko") for e in result.errors] == ERRORS_KO
    assert result.summary().get("en") == ("4 sales rows imported, 0 already there, "
                                          "6 rows with errors")
    assert result.summary().get("ko") == "판매 4행 가져옴, 0행은 이미 있음, 오류 있는 행 6개"
    again = import_sales(engine, path)
    assert (again.imported, again.duplicates, again.failed) == (0, 4, False)
    assert orders(engine, dt.date(2026, 10, 1), dt.date(2026, 11, 1)) == {
        "드럼 세탁기": ("세탁기", 5, None),
        "양문형 냉장고": ("냉장고", 2400, 3_000_000),
    }


@pytest.mark.parametrize(("value", "expected"), [
    ("1,234", 1234), ("₩1,234,000", 1_234_000), ("￦ 12,000", 12000), ("12000원", 12000),
    ("3.0", 3), ("-2", -2), ("", None), ("12개", None), ("1.2.3", None)])
def test_number(value, expected):  # noqa: ANN001
    from kb.insights.sales import number

    assert (None if number(value) is None else int(number(value))) == expected


def test_orders_window_is_half_open_and_sorted(engine, tmp_path):  # noqa: ANN001
    path = tmp_path / "sales.csv"
    path.write_text(SALES, "utf-8")
    import_sales(engine, path)
    assert orders(engine, dt.date(2026, 10, 31), dt.date(2026, 11, 2)) == {
        "드럼 세탁기": ("세탁기", 12, 8_400_000)}
    assert list(orders(engine, dt.date(2026, 1, 1), dt.date(2027, 1, 1))) == [
        "드럼 세탁기", "양문형 냉장고"]
    assert orders(engine, dt.date(2026, 9, 1), dt.date(2026, 10, 1)) == {}


def test_a_longer_export_adds_only_its_new_rows(engine, tmp_path):  # noqa: ANN001
    first = tmp_path / "a.csv"
    first.write_text("date,product,orders\n2026-10-01,TV-65Q,3\n", "utf-8")
    assert import_sales(engine, first).imported == 1
    longer = tmp_path / "b.csv"
    longer.write_text("date,product,orders\n2026-10-01,TV-65Q,3\n2026-10-01,TV-65Q,3\n"
                      "2026-10-02,TV-65Q,1\n", "utf-8")
    result = import_sales(engine, longer)
    assert (result.imported, result.duplicates) == (2, 1)
    assert orders(engine, dt.date(2026, 10, 1), dt.date(2026, 10, 3)) == {
        "TV-65Q": (None, 7, None)}


def test_english_headers_aliases_and_map(engine, tmp_path):  # noqa: ANN001
    path = tmp_path / "sales.csv"
    path.write_text("Day,Item,Category,Qty,Revenue\n2026-10-01,로봇 청소기,청소기,4,3960000\n",
                    "utf-8")
    with pytest.raises(SheetError, match="missing column") as info:
        import_sales(engine, path)
    assert info.value.text("en") == (
        "missing column(s) product: the header has Day, Item, Category, Qty, Revenue; name "
        "them 제품 / product or use --map COLUMN=product")
    result = import_sales(engine, path, mapping={"Item": "product"})
    assert result.imported == 1
    assert orders(engine, dt.date(2026, 10, 1), dt.date(2026, 10, 2)) == {
        "로봇 청소기": ("청소기", 4, 3_960_000)}


def test_cli_exit_codes(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("KB_INSTANCE", str(tmp_path / "inst"))
    runner = CliRunner()
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("일자,제품,주문수\n2026-10-01,건조기,3\n2026-10-02,건조기,-1\n", "utf-8")
    result = runner.invoke(main, ["import", "sales", str(mixed), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "row 3: orders cannot be negative: '-1' (write 0 or more)" in result.output
    assert "1 sales rows imported, 0 already there, 1 rows with errors" in result.output
    again = runner.invoke(main, ["import", "sales", str(mixed)])
    assert again.exit_code == 0 and "판매 0행 가져옴, 1행은 이미 있음" in again.output
    bad = tmp_path / "bad.csv"
    bad.write_text("일자,제품,주문수\n2026-10-01,건조기,-3\n", "utf-8")
    failed = runner.invoke(main, ["import", "sales", str(bad)])
    assert failed.exit_code == 1
    assert "2행: 주문수가 음수예요: '-3'" in failed.output
    assert failed.output.rstrip().endswith("오류: 가져온 행이 없어요")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("일자,내용\n11월 1일,환불 언제 돼요\n", "utf-8")
    none = runner.invoke(main, ["import", "inquiries", str(sheet), "--lang", "en",
                                "--content", str(ROOT / "content")])
    assert none.exit_code == 1 and "Error: nothing was imported" in none.output
    sheet.write_text("일자,내용\n11월 1일,환불 언제 돼요\n2026-11-01,환불 언제 돼요\n", "utf-8")
    some = runner.invoke(main, ["import", "inquiries", str(sheet), "--lang", "en",
                                "--content", str(ROOT / "content")])
    assert some.exit_code == 0 and "row 2: date '11월 1일' is not a date" in some.output


def test_example_sales_file_matches_products(tmp_path):  # noqa: ANN001
    """Every product of the example sales file is in the sample products.yaml, same group."""
    from kb.content.tree import load_content

    content = load_content(ROOT / "content")
    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    result = import_sales(engine, ROOT / "examples" / "sales-2026-10.csv")
    assert result.errors == [] and result.imported == 61 * 14
    october = orders(engine, dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    assert len(october) == 14
    for name, (group, count, amount) in october.items():
        product = content.product(name)
        assert product is not None and product.group == group, name
        assert count > 0 and amount is not None
    engine.dispose()


def test_migration_4_adds_the_sales_table_to_an_older_store(tmp_path):  # noqa: ANN001
    from sqlalchemy import inspect

    from kb.db import migrate, sales, schema_version

    engine = connect(f"sqlite:///{tmp_path}/db.sqlite")
    with engine.begin() as conn:  # a store as version 3 left it
        sales.drop(conn)
        conn.execute(schema_version.delete().where(schema_version.c.version == 4))
    assert "sales" not in inspect(engine).get_table_names()
    assert migrate(engine) >= 4  # and any later migrations
    assert "sales" in inspect(engine).get_table_names()
    engine.dispose()
