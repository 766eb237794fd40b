"""The scenario format, declared once: every field with type, default and help text."""

from __future__ import annotations

from collections.abc import Mapping

from kb.core.schema import Field
from kb.core.schema import field as _f

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

FORMATS: Mapping[str, tuple[Field, ...]] = {"scenario": SCENARIO, "scenario.option": NODE}
