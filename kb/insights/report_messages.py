"""The CS report's words, in Korean and English (`kb.insights.report`, `csreport`)."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "label_week": ("{year}년 {week}주차", "week {week} of {year}"),
    "label_month": ("{year}년 {month}월", "{month_en} {year}"),
    "label_quarter": ("{year}년 {n}분기", "Q{n} {year}"),
    "label_half_1": ("{year}년 상반기", "first half of {year}"),
    "label_half_2": ("{year}년 하반기", "second half of {year}"),
    "label_year": ("{year}년", "{year}"),
    # what each kind of event is called on the dashboard (never the raw type name)
    "event_name_widget_open": ("위젯 열기", "Widget opened"),
    "event_name_search": ("검색", "Searches"),
    "event_name_search_click": ("검색 결과 클릭", "Search result clicks"),
    "event_name_article_view": ("문서 조회", "Article views"),
    "event_name_vote": ("도움됨 투표", "Helpful votes"),
    "event_name_scenario_step": ("시나리오 선택", "Scenario steps"),
    "event_name_handoff": ("상담원 연결", "Hand-offs"),
    "event_name_contact": ("문의 남기기", "Contact messages"),
    "event_name_sheet": ("상담 시트", "Consultation sheet rows"),
    "report_none": ("이 기간에는 데이터가 없어요.", "No data for this period."),
    # sections, in the order CS reports use
    "rs_sales": ("판매량과 판매 대비 문의", "Sales and inquiries against sales"),
    "rs_groups": ("문의가 많은 제품군", "Product groups drawing the most inquiries"),
    "rs_products": ("주요 제품의 문의와 반품", "Top products: inquiries and returns"),
    "rs_volume": ("문의량 (상담 시트, 상담원 연결, 문의 남기기)",
                  "Inquiry volume (sheet rows, hand-offs, contact messages)"),
    "rs_weekly": ("기간 중 추이", "Over the period"),
    "rs_tags": ("주요 문의 유형", "Main inquiry types"),
    "rs_channels": ("채널별 문의", "Inquiries by channel"),
    "rs_results": ("처리 결과", "How inquiries ended"),
    "rs_risks": ("리스크 유형", "Risk types"),
    "rs_praise": ("칭찬", "Praise"),
    "rs_lane_write": ("새 문서가 필요한 질문", "Questions to write an article for"),
    "rs_lane_improve": ("문서가 있는데도 계속 묻는 질문", "Questions an article exists for"),
    "rs_lane_task": ("개선과제로 넘긴 질문", "Questions with an improvement task"),
    "rs_tasks": ("개선과제 현황", "Improvement tasks by state"),
    # columns
    "rc_name": ("이름", "Name"),
    "rc_count": ("건수", "Count"),
    "rc_previous": ("이전 기간", "Previous period"),
    "rc_trend": ("추이", "Trend"),
    "rc_orders": ("주문수", "Orders"),
    "rc_amount": ("매출", "Sales amount"),
    "rc_per_1000": ("주문 1,000건당 문의", "Inquiries per 1,000 orders"),
    "rc_group": ("제품군", "Product group"),
    "rc_returns": ("반품", "Returns"),
    "rc_searches": ("셀프 서비스 검색", "Self-service searches"),
    "rc_when": ("기간", "When"),
    "rc_type": ("유형", "Type"),
    "rc_examples": ("예시", "Examples"),
    "rc_question": ("질문", "Question"),
    "rc_state": ("상태", "State"),
    "rc_article": ("문서", "Article"),
    "rc_why": ("이유", "Why"),
}

register(MESSAGES, __name__)
