"""Messages of production serving: `kb serve --production`, `/readyz`, the API reference page,
and hardening (bad bodies and text fields, the store unavailable, the contact form's limit).

Registered in the one catalogue (`kb.core.catalogue`) on import; no Flask here, so the
CLI can use them before it loads the app.
"""

from __future__ import annotations

from kb.core.catalogue import register

# code: (Korean, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # kb serve --production
    "ops_secret_key_missing": (
        "--production에는 KB_SECRET_KEY가 필요해요: 워커마다 다른 키를 쓰면 로그인이 풀려요. "
        "예: export KB_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')",
        "--production needs KB_SECRET_KEY: with a random key per worker, logins break. "
        "E.g. export KB_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"),
    "ops_port_in_use": (
        "{host}:{port}을(를) 이미 다른 프로그램이 쓰고 있어요. 그 프로그램을 멈추거나 --port로 다른 포트를 고르세요",
        "{host}:{port} is already in use by another program: stop it, or choose another --port"),
    "ops_cannot_listen": ("{host}:{port}에서 연결을 받을 수 없어요: {reason}",
                          "cannot listen on {host}:{port}: {reason}"),
    "ops_serving": (
        "Answerloop (운영 서버): http://{host}:{port}/ — 워커 {workers}개 × 스레드 {threads}개 (콘텐츠: {content})",
        "Answerloop (production): http://{host}:{port}/ — {workers} workers × {threads} threads (content: {content})"),
    # /readyz: {"ok": false, "error": <these, joined>, "status": 503}
    "ready_no_content": ("콘텐츠가 없어요: {path}에 게시된 문서가 없어요",
                         "content is not loaded: no published articles in {path}"),
    "ready_no_index": ("검색 색인을 열 수 없어요 ({reason})", "the search index cannot be opened ({reason})"),
    "ready_no_database": ("데이터베이스가 응답하지 않아요 ({reason})", "the database does not answer ({reason})"),
    "ready_read_only": ("데이터베이스가 읽기 전용이에요: 문서와 검색은 되지만 방문·검색·문의가 기록되지 않아요",
                        "the database is read-only: pages and search work, but visits, searches and messages are not recorded"),
    "ready_join": ("; ", "; "),
    # hardening: request bodies, text fields, the store, sessions, limits
    "api_body_too_deep": ("요청 본문의 JSON이 너무 깊게 중첩돼 있어요 (최대 {depth}단계)",
                          "the JSON body nests too deeply (at most {depth} levels)"),
    "api_field_chars": (
        "'{name}'에 쓸 수 없는 문자가 있어요: 올바른 UTF-8 글자여야 하고 제어 문자(NUL, ESC 등)는 안 돼요",
        "'{name}' contains characters that are not allowed: it must be valid UTF-8 text without "
        "control characters (NUL, ESC, …)"),
    "store_unavailable": ("지금은 저장할 수 없어요: 데이터베이스가 응답하지 않아요. 잠시 후 다시 시도해 주세요",
                          "cannot store this now: the database does not answer. Try again shortly"),
    "idempotency_key_bad": ("Idempotency-Key는 1–128자의 영문, 숫자, - _ . : 여야 해요",
                            "Idempotency-Key must be 1–128 letters, digits or - _ . :"),
    "contact_too_many": (
        "문의를 너무 자주 보냈어요. 잠시 후 다시 보내거나 다른 채널로 연락해 주세요: {channels}",
        "Too many messages sent. Try again later, or reach us another way: {channels_en}"),
    # /api/docs
    "api_docs_title": ("API 문서", "API reference"),
    "api_docs_intro": ("위젯과 다른 서비스가 쓰는 JSON API예요. 기계가 읽는 OpenAPI 3.1 문서:",
                       "The JSON API the widget and other services use. The machine-readable OpenAPI 3.1 document:"),
    "api_docs_errors": ("오류는 모두 같은 모양이에요:", "Every error has one shape:"),
    "api_docs_parameters": ("매개변수", "Parameters"),
    "api_docs_request": ("요청 본문", "Request body"),
    "api_docs_responses": ("응답", "Responses"),
    "api_docs_schemas": ("스키마", "Schemas"),
    "api_docs_name": ("이름", "Name"),
    "api_docs_in": ("위치", "In"),
    "api_docs_required": ("필수", "Required"),
    "api_docs_type": ("형식", "Type"),
    "api_docs_description": ("설명", "Description"),
    "api_docs_status": ("상태", "Status"),
    "api_docs_staff": ("상담원 로그인 필요", "Staff login required"),
    "api_docs_yes": ("예", "yes"),
}

register(MESSAGES, __name__)
