"""Every content format declared once: fields with type, default and help text.

`docs/content-format.md` documents each table here; a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.problems import Report, Text, did_you_mean, t
from kb.yamlsrc import Loc

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping: its kind, default and what it means."""

    name: str
    kind: str  # str | list | date | bool | int | id | ids | mapping | records | choice
    default: Any
    help: str  # Korean
    help_en: str
    required: bool = False
    choices: tuple[str, ...] = ()


def _f(name, kind, default, help, help_en, **kw) -> Field:  # noqa: ANN001, ANN003
    return Field(name, kind, default, help, help_en, **kw)


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
    _f("order", "int", 0, "목록 순서 (작을수록 먼저).", "Sort order; smaller first."),
    _f("parent", "str", None, "상위 카테고리 id (하위 카테고리일 때).",
       "Parent category id, for a sub-category."),
)

HANDOFF = (
    _f("type", "choice", None, "상담 채널 종류.", "Kind of channel.", required=True,
       choices=("kakao", "channeltalk", "phone", "email", "form", "link")),
    _f("label", "str", None, "버튼 문구.", "Button text.", required=True),
    _f("url", "str", "", "채널 주소 (https:, tel:, mailto:). form은 비워 두세요.",
       "Channel address (https:, tel:, mailto:); empty for the built-in form."),
    _f("hours", "str", "", "운영 시간 안내.", "Opening hours, shown beside the button."),
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
    _f("languages", "list", ("ko",), "제공 언어 목록.", "Languages the content comes in."),
    _f("og_image", "str", "", "링크 미리보기 기본 이미지.", "Default link-preview image."),
    _f("reply_template", "str",
       "문의하신 내용이 '{title}' 맞으신가요? 아래 링크를 확인해 보시고, 해결되지 않으면 다시 문의해 주세요.\n{url}",
       "상담원 답변 템플릿 ({title}, {summary}, {url}).",
       "Agents' ready reply; {title}, {summary} and {url} are filled in."),
    _f("handoff", "records", (), "상담원 연결 채널 목록.", "Handoff channels, in order."),
    _f("widget", "mapping", None, "채팅 위젯 설정.", "Chat widget options."),
)

SCENARIO = (
    _f("title", "str", "", "시나리오 이름.", "Scenario name."),
    _f("greeting", "str", "", "첫 메시지 (없으면 site.yaml의 위젯 인사말).",
       "First message; defaults to the widget greeting."),
    _f("lang", "str", None, "시나리오 언어.", "The scenario's language."),
    _f("options", "records", None, "첫 단계의 선택지 목록.", "Top-level options.", required=True),
)

NODE = (
    _f("label", "str", None, "버튼 문구 (40자 이하, 형제끼리 중복 불가).",
       "Button text (≤ 40 characters, unique among siblings).", required=True),
    _f("options", "records", None, "하위 선택지 (최대 3단계).", "Child options (at most 3 levels)."),
    _f("answer", "str", None, "짧은 Markdown 답변.", "A short Markdown answer."),
    _f("article", "str", None, "보여 줄 문서 id.", "An article id to show."),
    _f("handoff", "bool", False, "true면 상담원 연결을 제안해요.", "If true, offers a person."),
)

# Which schema each documented format uses, for the docs test and `kb fields`.
FORMATS: Mapping[str, tuple[Field, ...]] = {
    "article": ARTICLE,
    "category": CATEGORY,
    "site": SITE,
    "site.handoff": HANDOFF,
    "site.widget": WIDGET,
    "site.widget.page_rules": PAGE_RULE,
    "scenario": SCENARIO,
    "scenario.option": NODE,
}

_KIND_NAMES = {
    "str": Text("문자열", "a string"),
    "list": Text("문자열 목록", "a list of strings"),
    "ids": Text("id 목록", "a list of ids"),
    "date": Text("날짜 (YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    "bool": Text("true 또는 false", "true or false"),
    "int": Text("정수", "a whole number"),
    "id": Text("id", "an id"),
    "mapping": Text("키: 값 묶음", "a mapping"),
    "records": Text("목록", "a list"),
    "choice": Text("정해진 값", "one of the choices"),
}


def describe(value: Any) -> Text:
    """How a YAML value reads back to the user: `a string "a,b"`."""
    if isinstance(value, bool):
        return Text(f"불리언 {str(value).lower()}", f"boolean {str(value).lower()}")
    if isinstance(value, str):
        return Text(f"문자열 \"{value}\"", f"a string \"{value}\"")
    if isinstance(value, int | float):
        return Text(f"숫자 {value}", f"a number {value}")
    if isinstance(value, list):
        return Text("목록", "a list")
    if isinstance(value, dict):
        return Text("키: 값 묶음", "a mapping")
    if isinstance(value, dt.date):
        return Text(f"날짜 {value}", f"a date {value}")
    return Text("빈 값", "nothing")


def _coerce(field: Field, value: Any) -> tuple[Any, Text | None]:
    """`value` as the field's kind, or a hint saying how to write it."""
    kind = field.kind
    if kind in ("str", "id", "choice"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None, t("hint_quote")
        if kind == "choice" and value not in field.choices:
            return None, t("hint_choices", choices=", ".join(field.choices))
        return value.strip(), None
    if kind in ("list", "ids"):
        if isinstance(value, str):
            return None, t("hint_list", key=field.name, items=", ".join(
                p.strip() for p in value.split(",")) or "...")
        if not isinstance(value, list) or any(isinstance(v, list | dict) or v is None
                                              for v in value):
            return None, t("hint_list", key=field.name, items="...")
        return tuple(str(v).strip() for v in value), None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                pass
        return None, t("hint_date")
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, t("hint_bool")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return None, t("hint_int")
    if kind == "mapping":
        return (value, None) if isinstance(value, dict) else (None, t("hint_mapping"))
    if kind == "records":
        return (value, None) if isinstance(value, list) else (None, t("hint_records"))
    raise ValueError(f"unknown field kind {kind!r}")


def read(
    data: Mapping[str, Any],
    loc: Loc,
    fields: tuple[Field, ...],
    path: str,
    report: Report,
    *,
    what: Text,
) -> tuple[dict[str, Any], set[str]]:
    """Validate a mapping against `fields`; return values (defaults filled) and bad keys.

    Unknown keys are warnings with a did-you-mean; wrong types and missing required
    fields are errors. A bad field takes its default so checking can go on.
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for key in data:
        if key not in known:
            report.warning(
                path,
                loc.key_line(str(key)),
                t("unknown_key", key=key, what=what.ko, what_en=what.en)
                + did_you_mean(str(key), known),
                t("hint_known_keys", keys=", ".join(known)),
            )
    for field in fields:
        if field.name not in data or data[field.name] is None:
            if field.required:
                report.error(path, loc.line, t("missing_key", key=field.name, what=what.ko,
                                                what_en=what.en))
                bad.add(field.name)
            values[field.name] = field.default
            continue
        value, hint = _coerce(field, data[field.name])
        if hint is not None:
            value_loc = loc.get(field.name)
            report.error(
                path,
                value_loc.line if value_loc else loc.key_line(field.name),
                t("wrong_type", key=field.name, expected=_KIND_NAMES[field.kind].ko,
                  expected_en=_KIND_NAMES[field.kind].en,
                  found=describe(data[field.name]).ko, found_en=describe(data[field.name]).en),
                hint,
            )
            bad.add(field.name)
            value = field.default
        values[field.name] = value
    return values, bad
