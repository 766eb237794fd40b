"""The content formats, declared once: every field with type, default and help text.

`docs/content-format.md` documents each table; `tests/test_docs.py` keeps them in step.
"""

from __future__ import annotations

from collections.abc import Mapping

from kb.core.schema import Field
from kb.core.schema import field as _f

SITE_TIMEZONE = "Asia/Seoul"

ARTICLE = (
    _f("id", "id", None, "영문 소문자·숫자·하이픈. 고유해야 하며 주소(/articles/<id>)가 돼요. 기본값은 파일 이름.",
       "ASCII [a-z0-9-], unique; the permalink. Defaults to the file stem."),
    _f("title", "str", None, "질문 형태의 제목.", "The title, phrased as the customer's question.",
       required=True),
    _f("category", "str", None, "categories.yaml의 카테고리 id.", "A category id from categories.yaml.",
       required=True),
    _f("tags", "list", (), "tags.yaml의 태그 (\"상위\" 또는 \"상위/하위\").",
       "Tags from tags.yaml, as \"parent\" or \"parent/child\"."),
    _f("summary", "str", "", "한두 문장 요약. 검색 결과와 링크 미리보기에 쓰여요.",
       "One or two plain sentences; shown in results and link previews."),
    _f("questions", "list", (), "고객이 같은 내용을 묻는 다른 표현. 검색에서 높은 가중치.",
       "Other ways customers ask this; indexed with high weight."),
    _f("aliases", "ids", (), "예전 id. /articles/<예전 id>는 301로 새 주소로 이동해요.",
       "Old ids: /articles/<old> answers 301 to the canonical URL."),
    _f("related", "ids", (), "관련 문서 id. 문서 아래에 먼저 보여요.",
       "Related article ids, listed first under the article."),
    _f("lang", "str", None, "문서 언어(ko, en). 기본값은 site.yaml의 default_lang.",
       "The article's language (ko, en); defaults to site.yaml's default_lang."),
    _f("translation_of", "str", None, "이 문서가 번역한 원문 문서 id. 언어 전환 링크가 생겨요.",
       "The id of the article this one translates; links the two for the language switch."),
    _f("updated", "date", None, "마지막 수정일 (YYYY-MM-DD).", "Last updated, YYYY-MM-DD."),
    _f("draft", "bool", False, "true면 사이트와 검색에서 빠져요.",
       "If true, the article is left out of the site and search."),
)

CATEGORY = (
    _f("id", "id", None, "영문 소문자·숫자·하이픈. 주소(/categories/<id>)가 돼요.",
       "ASCII [a-z0-9-]; the URL /categories/<id>.", required=True),
    _f("name", "str", None, "카테고리 이름.", "Display name.", required=True),
    _f("name_en", "str", "", "영어 이름 (영어 화면용).", "English name, for the English UI."),
    _f("description", "str", "", "한 문장 설명.", "One-sentence description."),
    _f("description_en", "str", "", "영어 설명 (영어 화면용).", "English description, for the English UI."),
    _f("order", "int", 0, "목록 순서 (작을수록 먼저).", "Sort order; smaller first."),
    _f("parent", "str", None, "상위 카테고리 id (하위 카테고리일 때).",
       "Parent category id, for a sub-category."),
)

HANDOFF = (
    _f("type", "choice", None, "상담 채널 종류.", "Kind of channel.", required=True,
       choices=("kakao", "channeltalk", "phone", "email", "form", "link")),
    _f("label", "str", None, "버튼 문구.", "Button text.", required=True),
    _f("label_en", "str", "", "영어 버튼 문구 (영어 화면용).", "English button text, for the English UI."),
    _f("url", "str", "", "채널 주소 (https:, tel:, mailto:). form은 비워 두세요.",
       "Channel address (https:, tel:, mailto:); empty for the built-in form."),
    _f("hours", "str", "", "운영 시간 안내 문구. 버튼 옆에 보여요.",
       "Opening hours as text, shown beside the button."),
    _f("hours_en", "str", "", "영어 운영 시간 안내 문구 (영어 화면용).",
       "Opening hours as English text, for the English UI."),
    _f("open", "mapping", None,
       "운영 시간 (요일: \"09:00-18:00\"). 있으면 '지금 상담 가능'/'운영시간이 아니에요'를 보여요.",
       "Opening hours as data (day: \"09:00-18:00\"); shows open now / closed and when it opens."),
)

PAGE_RULE = (
    _f("url", "str", None, "호스트 페이지 주소 패턴 (glob, 예: \"*/products/*\").",
       "Host page URL pattern (glob, e.g. \"*/products/*\").", required=True),
    _f("articles", "ids", (), "그 페이지에서 추천할 문서 id.", "Article ids to suggest there."),
)

WIDGET = (
    _f("greeting", "str", "안녕하세요! 무엇을 도와드릴까요?", "첫 인사말.", "The first message."),
    _f("color", "str", "#2f6fed", "강조 색 (#rrggbb).", "Accent colour, #rrggbb."),
    _f("position", "choice", "right", "화면 위치.", "Launcher position.", choices=("right", "left")),
    _f("lang", "str", None, "위젯 언어. 기본값은 default_lang.", "Widget language; defaults to default_lang."),
    _f("scenario", "str", "main", "기본 시나리오 id.", "Default scenario id."),
    _f("allowed_origins", "list", (), "위젯을 넣을 수 있는 사이트 origin (CORS).",
       "Origins allowed to embed the widget (CORS)."),
    _f("page_rules", "records", (), "페이지 주소별 추천 문서 규칙.", "Page-URL → suggested articles rules."),
    _f("max_options", "int", 10, "한 단계의 최대 버튼 수 (카카오톡 버튼 한도 10).",
       "Most options under one node (KakaoTalk's button limit is 10)."),
)

SITE = (
    _f("name", "str", "고객센터", "사이트 이름.", "Site name."),
    _f("name_en", "str", "", "영어 사이트 이름.", "English site name."),
    _f("base_url", "str", "http://127.0.0.1:8000", "공개 주소 (링크 미리보기, 사이트맵).",
       "Public base URL, for link previews and the sitemap."),
    _f("default_lang", "choice", "ko", "기본 언어.", "Default language.", choices=("ko", "en")),
    _f("timezone", "str", SITE_TIMEZONE, "통계 기간(주·월·분기)을 나누는 시간대 (IANA 이름).",
       "Time zone that statistics periods (week, month, quarter) follow; an IANA name."),
    _f("languages", "list", ("ko",), "제공 언어 목록.", "Languages the content comes in."),
    _f("og_image", "str", "", "링크 미리보기 기본 이미지.", "Default link-preview image."),
    _f("reply_template", "str",
       "문의하신 내용이 '{title}' 맞으신가요? 아래 링크를 확인해 보시고, 해결되지 않으면 다시 문의해 주세요.\n{url}",
       "상담원 답변 템플릿 ({title}, {summary}, {url}).",
       "Agents' ready reply; {title}, {summary} and {url} are filled in."),
    _f("handoff", "records", (), "상담원 연결 채널 목록.", "Handoff channels, in order."),
    _f("holidays", "list", (), "휴일 (YYYY-MM-DD). open이 있는 채널은 이날 닫혀요.",
       "Holidays (YYYY-MM-DD); channels with open hours are closed on them."),
    _f("widget", "mapping", None, "채팅 위젯 설정.", "Chat widget options."),
    _f("channels", "mapping", None,
       "상담 채널 이름 → 별칭 목록. 상담 시트의 채널 값과 이벤트 출처를 한 이름으로 모아요.",
       "Channel name → aliases; sheet channel values and event sources count under one name."),
)

# The channels every site has unless site.yaml says otherwise: the event sources (widget,
# manual, agent, kakao) and what consultation sheets usually write.
DEFAULT_CHANNELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("전화", ("phone", "call", "콜", "유선", "tel")),
    ("카카오톡", ("kakao", "kakaotalk", "카톡", "카카오", "플러스친구")),
    ("웹 위젯", ("widget", "위젯", "채팅", "웹채팅", "web chat", "chat")),
    ("도움말 센터", ("manual", "help center", "헬프센터", "매뉴얼")),
    ("상담원 링크", ("agent", "상담원 답변 링크")),
    ("이메일", ("email", "e-mail", "mail", "메일")),
    ("게시판", ("board", "1:1 문의", "1:1 게시판", "q&a", "qna")),
    ("인스타그램 DM", ("instagram", "인스타", "인스타그램", "dm", "instagram dm")),
    ("문의 양식", ("form", "contact", "문의 남기기")),
)

TAG_CHILD = (
    _f("name", "str", None, "하위 태그 이름.", "The child tag's name.", required=True),
    _f("was", "list", (), "예전 이름 (\"하위\" 또는 \"상위/하위\"). 지난 기간 통계가 새 이름으로 모여요.",
       "Old names (\"child\" or \"parent/child\"); past periods count them under this tag."),
)

TAG_PARENT = (
    _f("children", "records", (), "하위 태그 목록 (이름 또는 {name, was} 묶음).",
       "Child tags (names or {name, was} mappings)."),
    _f("was", "list", (), "상위 태그의 예전 이름.", "The parent tag's old names."),
)

RISK = (
    _f("name", "str", None, "위험 유형 이름 (예: 리콜).", "Risk type name (e.g. recall).",
       required=True),
    _f("name_en", "str", "", "영어 이름.", "English name."),
    _f("tags", "list", (), "이 유형으로 세는 태그 (하위 태그 포함).",
       "Tags that mark it (their child tags too)."),
    _f("words", "list", (), "문의 내용에 들어 있으면 이 유형으로 세는 말.",
       "Words that mark it when a question contains them."),
)

PRAISE = (
    _f("name", "str", "칭찬", "칭찬 항목 이름.", "The praise line's name."),
    _f("name_en", "str", "Praise", "영어 이름.", "English name."),
    _f("tags", "list", (), "칭찬으로 세는 태그.", "Tags that mark praise."),
    _f("words", "list", (), "문의 내용에 들어 있으면 칭찬으로 세는 말.",
       "Words that mark praise when a question contains them."),
)

REPORTING = (
    _f("risks", "records", (), "위험 유형 목록.", "Risk types, in report order."),
    _f("praise", "mapping", None, "칭찬을 세는 태그와 말.", "Tags and words that mark praise."),
    _f("returns", "list", (), "반품으로 세는 태그 (하위 태그 포함).",
       "Tags counted as returns (their child tags too)."),
)

PRODUCT = (
    _f("name", "str", None, "제품 이름 (상담 시트·판매 파일의 제품 값).",
       "Product name, as sheets and sales files write it.", required=True),
    _f("code", "str", None, "제품 코드 (모델명). 이름 대신 써도 맞아요.",
       "Product code (model); matches instead of the name."),
    _f("group", "str", None, "제품군 (예: 냉장고).", "Product group (e.g. refrigerators).",
       required=True),
    _f("aliases", "list", (), "다른 이름. 시트에 이렇게 써도 같은 제품으로 세요.",
       "Other names that count as this product."),
)

# Which table each documented format uses (the docs test; chatbot adds its own).
FORMATS: Mapping[str, tuple[Field, ...]] = {
    "article": ARTICLE,
    "category": CATEGORY,
    "site": SITE,
    "site.handoff": HANDOFF,
    "site.widget": WIDGET,
    "site.widget.page_rules": PAGE_RULE,
    "tags.parent": TAG_PARENT,
    "tags.child": TAG_CHILD,
    "risks": REPORTING,
    "risks.risk": RISK,
    "risks.praise": PRAISE,
    "products": PRODUCT,
}

