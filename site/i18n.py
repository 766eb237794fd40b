"""UI strings in Korean and English, and the language of the current request."""

from __future__ import annotations

from flask import Flask, current_app, g, request

from kbsite.store import content

STRINGS: dict[str, tuple[str, str]] = {
    "home": ("홈", "Home"),
    "skip": ("본문으로 건너뛰기", "Skip to content"),
    "categories": ("카테고리", "Categories"),
    "articles_count": ("문서 {n}개", "{n} articles"),
    "all_articles": ("전체 문서", "All articles"),
    "subcategories": ("하위 카테고리", "Sub-categories"),
    "toc": ("목차", "Contents"),
    "updated": ("최종 수정일", "Updated"),
    "related": ("관련 문서", "Related articles"),
    "still_need_help": ("해결되지 않았나요?", "Still need help?"),
    "contact": ("상담원 연결", "Contact us"),
    "not_found_title": ("페이지를 찾을 수 없어요", "Page not found"),
    "not_found_text": ("주소가 바뀌었거나 삭제된 문서일 수 있어요. 홈에서 다시 찾아보세요.",
                       "The page may have moved or been removed. Try again from the home page."),
    "empty_category": ("아직 문서가 없어요.", "No articles yet."),
    "language": ("언어", "Language"),
    "read_in": ("이 문서를 다른 언어로 보기", "Read this article in"),
    "section_link": ("이 섹션 링크", "Link to this section"),
    "error_title": ("문제가 생겼어요", "Something went wrong"),
    "error_text": ("잠시 후 다시 시도해 주세요.", "Please try again in a moment."),
    "breadcrumbs": ("이동 경로", "Breadcrumbs"),
    "search": ("검색", "Search"),
    "widget_demo": ("채팅 위젯 데모", "Chat widget demo"),
    "widget_demo_intro": ("쇼핑몰 페이지에 아래 한 줄을 넣으면 오른쪽 아래의 위젯이 생겨요. 이 페이지에서 바로 써 볼 수 있어요.",
                          "Add this one line to a shop page to get the widget in the corner. Try it on this page."),
    "widget_demo_csp": ("엄격한 Content-Security-Policy를 쓰는 페이지라면 위젯 태그에 nonce를 붙이고 다음을 허용하세요.",
                        "On a page with a strict Content-Security-Policy, give the tag your nonce and allow:"),
    "popular": ("많이 본 문서", "Most viewed"),
    "views": ("조회", "Views"),
    "helpful_pct": ("도움됨", "Helpful"),
    "suggestions": ("추천 검색어", "Suggestions"),
    "login": ("로그인", "Log in"),
    "logout": ("로그아웃", "Log out"),
    "login_title": ("상담원 로그인", "Staff login"),
    "login_name": ("아이디", "User name"),
    "login_password": ("비밀번호", "Password"),
    "login_bad_login": ("아이디 또는 비밀번호가 올바르지 않아요.", "Wrong user name or password."),
    "login_too_many": ("로그인 시도가 너무 많아요. 5분 뒤에 다시 시도해 주세요.",
                       "Too many attempts. Please try again in 5 minutes."),
    "agent_title": ("상담원 콘솔", "Agent console"),
    "agent_help": ("검색어를 입력하고 ↑/↓로 고른 뒤 Enter를 누르면 링크가 복사돼요.",
                   "Type, pick with ↑/↓, press Enter to copy the link."),
    "agent_no_results": ("맞는 문서가 없어요.", "No matching articles."),
    "search_results_label": ("검색 결과", "Search results"),
    "copy_link": ("링크 복사", "Copy link"),
    "copy_section": ("섹션 링크", "Section link"),
    "copy_reply": ("답변 복사", "Copy reply"),
    "copied": ("복사했어요", "Copied"),
    "sections": ("섹션", "Sections"),
    "open_article": ("열기", "Open"),
    "admin_title": ("CX 대시보드", "CX dashboard"),
    "admin_health": ("콘텐츠 상태", "Content health"),
    "admin_queue": ("다음에 쓸 문서", "Write next"),
    "admin_volume": ("문의량 (이전 기간 대비)", "Volume (vs the previous period)"),
    "admin_volume_chart": ("종류별 건수: 파란 막대는 이번 기간, 회색 막대는 이전 기간", "Counts per kind: blue this period, grey the previous one"),
    "admin_kind": ("종류", "Kind"),
    "admin_now": ("이번 기간", "This period"),
    "admin_before": ("이전 기간", "Previous"),
    "admin_self_service": ("셀프 서비스 비율", "Self-service rate"),
    "admin_failed": ("검색 실패", "Failed searches"),
    "admin_funnel": ("시나리오 퍼널", "Scenario funnel"),
    "admin_path": ("경로", "Path"),
    "admin_reached": ("도달", "Reached"),
    "admin_left": ("여기서 끝", "Left here"),
    "admin_handed": ("상담 연결", "Handed off"),
    "admin_work": ("손봐야 할 문서", "Articles needing work"),
    "staff_numbers": ("상담원용: 조회 {views} · 도움됨 {helpful}", "Staff: {views} views · helpful {helpful}"),
    "admin_period": ("기간", "Period"),
    "admin_chart": ("질문 그룹별 문의 수 (진할수록 답이 없는 문의)", "Asks per question group (darker: less covered)"),
    "admin_count": ("문의 수", "Asks"),
    "admin_trend": ("이전 기간 대비", "vs previous"),
    "admin_coverage": ("해결률", "Coverage"),
    "admin_sources": ("출처", "Sources"),
    "admin_best": ("가장 가까운 문서", "Best match"),
    "admin_draft": ("초안 만들기", "Draft it"),
    "admin_drafted": ("초안을 만들었어요: content/articles/drafts/{name}", "Draft written: content/articles/drafts/{name}"),
    "admin_no_gaps": ("이 기간에는 답이 없는 질문이 없어요.", "No unanswered questions in this period."),
    "period_week": ("주", "Week"),
    "period_month": ("월", "Month"),
    "period_quarter": ("분기", "Quarter"),
    "period_half": ("반기", "Half"),
    "period_year": ("연", "Year"),
    "admin_contacts": ("위젯 문의", "Messages from the widget"),
    "admin_no_contacts": ("아직 받은 문의가 없어요.", "No messages yet."),
    "admin_when": ("받은 시각", "Received"),
    "admin_contact": ("연락처", "Contact"),
    "admin_question": ("문의 내용", "Question"),
    "admin_counts": ("문서 {articles}개, 시나리오 {scenarios}개, 오류 {errors}개, 경고 {warnings}개",
                     "{articles} articles, {scenarios} scenarios, {errors} errors, {warnings} warnings"),
    "helpful_question": ("도움이 되었나요?", "Was this helpful?"),
    "helpful_yes": ("네", "Yes"),
    "helpful_no": ("아니요", "No"),
    "helpful_comment": ("더 알려 주실 내용이 있나요? (선택)", "Anything we should improve? (optional)"),
    "helpful_send": ("보내기", "Send"),
    "helpful_thanks": ("의견 고마워요!", "Thanks for your feedback!"),
    "copy_section_link": ("이 섹션 링크 복사", "Copy link to this section"),
    "search_placeholder": ("궁금한 내용을 입력하세요 (예: 환불 신청)",
                           "Ask a question (e.g. refund)"),
    "search_results": ("'{q}' 검색 결과 {n}건", "{n} results for '{q}'"),
    "search_none": ("'{q}'에 맞는 문서를 찾지 못했어요.", "No articles match '{q}'."),
    "did_you_mean": ("이것을 찾으셨나요?", "Did you mean"),
    "search_tips": ("짧은 단어로 다시 검색하거나, 아래 카테고리에서 찾아보세요.",
                    "Try fewer words, or browse the categories below."),
    "search_unavailable": ("지금은 검색을 할 수 없어요. 잠시 후 다시 시도해 주세요.",
                           "Search is unavailable right now. Please try again shortly."),
}

LANG_NAMES = {"ko": "한국어", "en": "English"}


def current_lang() -> str:
    """The UI language: ?lang=, else what the view set, else the configured/site default."""
    if "lang" in g:
        return g.lang
    site = content().site
    asked = request.args.get("lang")
    if asked in site.languages and asked in ("ko", "en"):
        return asked
    return current_app.config["LANG"] or site.default_lang


def gettext(key: str, **params: object) -> str:
    """The UI string `key` in the current language."""
    ko, en = STRINGS[key]
    return (en if current_lang() == "en" else ko).format(**params)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_=gettext, current_lang=current_lang, LANG_NAMES=LANG_NAMES)

    @app.context_processor
    def site_settings() -> dict[str, object]:
        return {"site": content().site}
