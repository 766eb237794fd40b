"""Insights messages: sheet import, the contact form, events, the CS report, in Korean and English."""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # consultation sheets (kb import inquiries): the file as a whole
    "sheet_encoding": ("{path}: UTF-8도 CP949도 아니에요. Excel에서 'CSV UTF-8'로 다시 저장하세요",
                       "{path}: neither UTF-8 nor CP949 — save it as CSV UTF-8 from Excel"),
    "sheet_empty": ("{path}: 빈 파일이에요", "{path}: the file is empty"),
    "sheet_map_field": ("--map {column}={field}: 알 수 없는 필드예요. 다음 중 하나를 쓰세요: {fields}",
                        "--map {column}={field}: unknown field; use one of {fields}"),
    "sheet_map_column": ("--map {column}={field}: 헤더에 '{column}' 열이 없어요 ({header})",
                         "--map {column}={field}: no column '{column}' in the header ({header})"),
    "sheet_missing_columns": ("필수 열 {missing}이(가) 없어요. 지금 헤더: {header}. 열 이름을 {names}(으)로 "
                              "바꾸거나 --map 열이름={first}를 쓰세요",
                              "missing column(s) {missing}: the header has {header}; name them "
                              "{names} or use --map COLUMN={first}"),
    # consultation sheets: one row (printed as "3행: …" / "row 3: …")
    "sheet_row": ("{row}행: ", "row {row}: "),
    "sheet_bad_date": ("날짜를 읽을 수 없어요: '{value}' (2026-11-01처럼 쓰세요)",
                       "date '{value}' is not a date (use 2026-11-01)"),
    "sheet_no_question": ("문의 내용이 비어 있어요", "the question is empty"),
    "sheet_long_question": ("문의 내용이 {limit:,}자를 넘어요", "the question is over {limit:,} characters"),
    "sheet_unknown_category": ("구분 '{category}'이(가) tags.yaml에 없어요 ({n}행)",
                               "category '{category}' is not in tags.yaml ({n} rows)"),
    "sheet_summary": ("{imported}건 가져옴, {duplicates}건은 이미 있음, 오류 있는 행 {errors}개",
                      "{imported} imported, {duplicates} already there, {errors} rows with errors"),
    # the built-in contact form, field by field
    "contact_required": ("필수 항목이에요.", "This field is required."),
    "contact_too_long": ("{n}자 이하로 써 주세요.", "Use at most {n} characters."),
    "contact_address": ("이메일 주소나 전화번호를 써 주세요.", "Enter an email address or a phone number."),
    "contact_consent": ("개인정보 수집·이용에 동의해 주세요.",
                        "Please agree to the collection of your details."),
    # events posted to /api/v1/events
    "events_none": ("이벤트가 없어요", "no events"),
    "events_too_many": ("한 번에 이벤트를 최대 {max}개까지 보낼 수 있는데 {count}개예요",
                        "a batch holds at most {max} events, got {count}"),
    "event_prefix": ("{index}번 이벤트: ", "event {index}: "),
    "event_not_object": ("이벤트는 JSON 객체여야 해요", "an event must be a JSON object"),
    "event_unknown_type": ("알 수 없는 type {type}. 다음 중 하나를 쓰세요: {types}",
                           "unknown type {type}; expected one of: {types}"),
    "event_needs": ("'{kind}' 이벤트에는 {fields}이(가) 필요해요", "'{kind}' needs: {fields}"),
    "event_text": ("'{name}'은(는) {limit}자 이하의 문자열이어야 해요",
                   "'{name}' must be a string of at most {limit} characters"),
    "event_source": ("'source'는 다음 중 하나여야 해요: {choices}", "'source' must be one of: {choices}"),
    "event_helpful": ("'helpful'은 true 또는 false여야 해요", "'helpful' must be true or false"),
    "event_rank": ("'rank'는 0에서 100 사이의 정수여야 해요", "'rank' must be a whole number from 0 to 100"),
    "event_list": ("'{name}'은(는) 문자열 {limit}개 이하의 목록이어야 해요",
                   "'{name}' must be a list of at most {limit} strings"),
    "event_unknown_field": ("알 수 없는 필드 '{name}'", "unknown field '{name}'"),
    "event_ts": ("'ts'는 미래가 아닌 ISO 8601 시각이어야 해요",
                 "'ts' must be an ISO 8601 time, not in the future"),
    # where an ask came from (the write-next queue's sources)
    "source_search": ("검색", "search"),
    "source_failed_search": ("검색 실패", "failed search"),
    "source_handoff": ("상담원 연결", "handoff"),
    "source_comment": ("👎 의견", "👎 comment"),
    "source_sheet": ("상담 시트", "sheet"),
    # the CS report
    "report_title": ("{site} CS 리포트 — {period} ({start} ~ {end})",
                     "{site} CS report — {period} ({start} ~ {end})"),
    "report_self_service": ("셀프 서비스 비율: {rate}", "Self-service rate: {rate}"),
    "report_volume": ("문의량과 추이", "Volume and trend"),
    "report_types": ("문의 유형 (가져온 상담 시트)", "Inquiry types (imported sheets)"),
    "report_write_next": ("많이 묻는데 답이 없는 질문", "Write next"),
    "report_failed": ("검색 실패", "Failed searches"),
    "report_work": ("손봐야 할 문서", "Articles needing work"),
    "report_funnel": ("시나리오 퍼널", "Scenario funnel"),
    "report_hot_spots": ("상담원 연결이 많은 시나리오 경로", "Hand-off hot spots"),
    "report_col_kind": ("종류", "Kind"),
    "report_col_now": ("이번 기간", "This period"),
    "report_col_before": ("이전 기간", "Previous period"),
    "report_col_trend": ("추이", "Trend"),
    "report_col_tag": ("태그", "Tag"),
    "report_col_count": ("건수", "Count"),
    "report_col_question": ("질문", "Question"),
    "report_col_coverage": ("해결률", "Coverage"),
    "report_col_sources": ("출처", "Sources"),
    "report_col_query": ("검색어", "Query"),
    "report_col_article": ("문서", "Article"),
    "report_col_why": ("이유", "Why"),
    "report_col_path": ("경로", "Path"),
    "report_col_reached": ("도달", "Reached"),
    "report_col_left": ("여기서 끝", "Left here"),
    "report_col_handed": ("상담 연결", "Handed off"),
    "report_col_handoffs": ("연결", "Hand-offs"),
    "report_trend_new": ("신규", "new"),
    "report_untagged": ("(미분류)", "(untagged)"),
    "work_helpful": ("도움됨 {yes}/{votes}", "helpful {yes}/{votes}"),
    "work_stale": ("최종 수정 {date}", "updated {date}"),
    # calendar periods
    "unknown_period": ("알 수 없는 기간 '{kind}'. 다음 중 하나를 쓰세요: {kinds}",
                       "unknown period '{kind}'; use one of: {kinds}"),
    "unknown_timezone": ("알 수 없는 시간대 '{name}' (예: Asia/Seoul)",
                         "unknown time zone '{name}' (e.g. Asia/Seoul)"),
}

register(MESSAGES, __name__)
