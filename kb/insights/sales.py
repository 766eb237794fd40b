"""Importing sales files (판매 실적, CSV): orders per product and day, for inquiries per
1,000 orders in the CS report.

Columns are recognised by Korean or English header (일자/date, 제품/product,
제품군/product_group, 주문수/orders, optional 매출/amount), or mapped with
`--map 헤더=field`. UTF-8 and CP949 files, streamed, as for consultation sheets
(`kb.insights.sheets`): every bad row is kept as (row number, message in both languages),
good rows are imported in one transaction, and re-importing the same rows adds nothing
(fingerprint: day, product, group, orders, amount and which repeat of them in the file it
is — two identical rows in one file both count).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import Engine, func, select

from kb.core.catalogue import Text, t
from kb.db import sales
from kb.insights.sheets import (
    BATCH,
    MAX_CELL,
    RowError,
    SheetError,
    columns,
    parse_date,
    sheet_rows,
    store_new,
)

HEADERS = {
    "date": ("일자", "date", "날짜", "주문일", "주문일자", "판매일", "day"),
    "product": ("제품", "product", "상품", "제품명", "상품명", "모델", "품목"),
    "product_group": ("제품군", "product_group", "카테고리", "category", "group", "품목군",
                      "상품군", "분류"),
    "orders": ("주문수", "orders", "주문건수", "수량", "주문", "판매수량", "qty", "quantity"),
    "amount": ("매출", "amount", "매출액", "판매금액", "금액", "sales", "revenue"),
}
REQUIRED = ("date", "product", "orders")
MAX_TEXT = 120  # the product and group columns' width in the store
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@dataclass
class SalesResult:
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> Text:
        """`3 imported, 0 already there, 1 rows with errors` (or its Korean)."""
        return t("sales_summary", imported=self.imported, duplicates=self.duplicates,
                 errors=len(self.errors))

    @property
    def failed(self) -> bool:
        """No row of the file was usable (the CLI exits 1)."""
        return self.imported + self.duplicates == 0


def number(value: str) -> Decimal | None:
    """`1,234`, `₩1,234,000` (or CP949's `￦`), `12000원`, `3.0` as a number; None if it
    is not one."""
    cleaned = "".join(value.split())
    for mark in (",", "₩", "￦", "원"):
        cleaned = cleaned.replace(mark, "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already rules it out
        return None


def _row(cell: Mapping[str, str]) -> tuple[dict[str, object] | None, Text | None]:
    """One row's values, or why it is left out."""
    when = parse_date(cell["date"])
    if when is None:
        return None, t("sales_bad_date", value=cell["date"])
    if not cell["product"]:
        return None, t("sales_no_product")
    if len(cell["product"]) > MAX_TEXT or len(cell["product_group"]) > MAX_TEXT:
        return None, t("sales_long_text", limit=MAX_TEXT)
    orders = number(cell["orders"])
    if orders is None:
        return None, t("sales_bad_orders", value=cell["orders"])
    if orders < 0:
        return None, t("sales_negative_orders", value=cell["orders"])
    if orders != orders.to_integral_value():
        return None, t("sales_bad_orders", value=cell["orders"])
    amount = None
    if cell["amount"]:
        found = number(cell["amount"])
        if found is None:
            return None, t("sales_bad_amount", value=cell["amount"])
        amount = int(found.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return {"day": when.date(), "product": cell["product"],
            "product_group": cell["product_group"] or None, "orders": int(orders),
            "amount": amount}, None


def import_sales(engine: Engine, path: Path, *,
                 mapping: Mapping[str, str] | None = None) -> SalesResult:
    """Import one sales CSV file, streamed BATCH rows at a time in one transaction; see the
    module docstring."""
    rows = sheet_rows(path)
    first = next(rows, None)
    if first is None:
        raise SheetError("sheet_empty", path=path)
    cols = columns(first[1] or [], mapping or {}, headers=HEADERS, required=REQUIRED)
    result = SalesResult()
    batch: list[dict[str, object]] = []
    seen: Counter[bytes] = Counter()
    stored = 0
    with engine.begin() as conn:
        for number_, row in rows:
            if row is None:
                result.errors.append(RowError(number_, t("sheet_bad_cell", limit=MAX_CELL)))
                continue
            if not any(cell.strip() for cell in row):
                continue
            cell = {name: (row[cols[name]].strip()
                           if name in cols and cols[name] < len(row) else "")
                    for name in HEADERS}
            values, problem = _row(cell)
            if values is None:
                result.errors.append(RowError(number_, problem or Text("", "")))
                continue
            # The n-th identical row of a file is occurrence n: a repeat counts, a
            # re-import not (`seen` keeps 32-byte digests, not the rows).
            same = "\x1f".join(str(values[k]) for k in ("day", "product", "product_group",
                                                        "orders", "amount"))
            digest = hashlib.sha256(same.encode("utf-8", "surrogatepass")).digest()
            seen[digest] += 1
            values["fingerprint"] = hashlib.sha256(
                f"{same}\x1f{seen[digest]}".encode("utf-8", "surrogatepass")).hexdigest()
            batch.append(values)
            if len(batch) >= BATCH:
                result.imported += store_new(conn, sales, batch)
                stored += len(batch)
                batch = []
        result.imported += store_new(conn, sales, batch)
        stored += len(batch)
    result.duplicates = stored - result.imported
    return result


def orders(engine: Engine, start: dt.date, end: dt.date
           ) -> dict[str, tuple[str | None, int, int | None]]:
    """product → (group, orders, amount) for days start ≤ day < end, by product name.

    The group is the file's (the greatest one written, should rows disagree; None when no
    row gave one: `products.yaml` can fill it in); amount is None when no row had one.
    """
    query = (select(sales.c.product, func.max(sales.c.product_group),
                    func.sum(sales.c.orders), func.sum(sales.c.amount))
             .where(sales.c.day >= start, sales.c.day < end)
             .group_by(sales.c.product).order_by(sales.c.product))
    with engine.connect() as conn:
        found = {product: (group, int(count or 0), None if amount is None else int(amount))
                 for product, group, count, amount in conn.execute(query)}
    return dict(sorted(found.items()))
