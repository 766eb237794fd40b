"""Sales import messages (kb import sales), in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English); a row's message follows "3행: " / "row 3: " (sheet_row).
MESSAGES: dict[str, tuple[str, str]] = {
    "sales_bad_date": ("날짜를 읽을 수 없어요: '{value}' (2026-10-01처럼 쓰세요)",
                       "date '{value}' is not a date (use 2026-10-01)"),
    "sales_no_product": ("제품이 비어 있어요", "the product is empty"),
    "sales_long_text": ("제품이나 제품군이 {limit}자를 넘어요",
                        "the product or product group is over {limit} characters"),
    "sales_bad_orders": ("주문수 '{value}'이(가) 0 이상의 정수가 아니에요 (12처럼 쓰세요)",
                         "orders '{value}' is not a whole number (write e.g. 12)"),
    "sales_negative_orders": ("주문수가 음수예요: '{value}' (취소·반품은 빼고 0 이상으로 쓰세요)",
                              "orders cannot be negative: '{value}' (write 0 or more)"),
    "sales_bad_amount": ("매출 '{value}'이(가) 숫자가 아니에요 (1250000처럼 쓰세요)",
                         "amount '{value}' is not a number (write e.g. 1250000)"),
    "sales_summary": ("판매 {imported}행 가져옴, {duplicates}행은 이미 있음, "
                      "오류 있는 행 {errors}개",
                      "{imported} sales rows imported, {duplicates} already there, "
                      "{errors} rows with errors"),
    "import_nothing": ("가져온 행이 없어요", "nothing was imported"),
}

register(MESSAGES, __name__)
