"""The API described once, as data: the OpenAPI 3.1 document served at /api/v1/openapi.json.

`tests/test_openapi.py` compares its paths and methods with the app's real /api/ routes (a
route added without a description fails there) and checks real responses against its
schemas. `/api/docs` renders the same document for people.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

VERSION = "1.0.0"


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None,
        description: str = "") -> Schema:
    """An object with these fields (all of `required` always present), nothing else."""
    schema: Schema = {"type": "object", "properties": {**required, **(optional or {})},
                      "required": list(required), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def text(description: str = "", **more: Any) -> Schema:
    return {"type": "string", **({"description": description} if description else {}), **more}


def array(items: Schema, **more: Any) -> Schema:
    return {"type": "array", "items": items, **more}


OK = {"type": "boolean", "const": True}
INT: Schema = {"type": "integer"}
NULLABLE_TEXT: Schema = {"type": ["string", "null"]}

SCHEMAS: dict[str, Schema] = {
    "Error": obj({"ok": {"type": "boolean", "const": False},
                  "error": text("What went wrong, in the request's language (?lang=ko|en)"),
                  "status": INT}, description="The API's one error shape."),
    "FieldsError": obj({"ok": {"type": "boolean", "const": False}, "error": text(),
                        "status": INT,
                        "fields": {"type": "object", "additionalProperties": text(),
                                   "description": "field name → what to fix"}},
                       description="The error shape plus a message per invalid field."),
    "Hit": obj({"id": text(), "title": text(), "url": text("Path of the article page"),
                "summary": text(), "snippet": text("HTML: matched words in <mark>, the rest "
                                                   "escaped"),
                "score": {"type": "number"}, "category": text(), "lang": text(),
                "confidence": {"type": "number", "description": "0..1: how sure this hit "
                               "answers the query"}}),
    "SearchResult": obj({"ok": OK, "query": text("The query as searched (normalised)"),
                         "hits": array(ref("Hit")),
                         "confidence": {"type": "number", "description": "The top hit's "
                                        "confidence (0 without hits)"},
                         "confident": {"type": "boolean", "description": "confidence ≥ the "
                                       "threshold: below it, say you are not sure"}},
                        {"closest": {"type": ["array", "null"], "items": INT,
                                     "description": "With ?scenario= and not confident: the "
                                                    "branch the question probably belongs to "
                                                    "(option indexes from the top), or null"}}),
    "Suggestion": obj({"id": text(), "title": text(), "url": text()}),
    "Autocomplete": obj({"ok": OK, "query": text(), "suggestions": array(ref("Suggestion"))}),
    "Heading": obj({"level": INT, "anchor": text(), "text": text()}),
    "Article": obj({"id": text(), "title": text(), "url": text(), "category": text(),
                    "tags": array(text()), "summary": text(), "questions": array(text()),
                    "lang": text(), "updated": {"type": ["string", "null"], "format": "date"},
                    "html": text("Sanitised HTML of the body"), "toc": array(ref("Heading"))}),
    "ArticleResult": obj({"ok": OK, "article": ref("Article")}),
    "Node": obj({"label": text()}, {
        "options": array(ref("Node"), description="Child options (a branch)"),
        "answer_html": text("Sanitised HTML"), "article": text("Article id"),
        "handoff": {"type": "boolean", "const": True}}),
    "Scenario": obj({"id": text(), "title": NULLABLE_TEXT, "greeting": NULLABLE_TEXT,
                     "lang": NULLABLE_TEXT, "options": array(ref("Node"))}),
    "ScenarioResult": obj({"ok": OK, "scenario": ref("Scenario")}),
    "SuggestedArticle": obj({"id": text(), "title": text(), "url": text(), "summary": text()}),
    "SuggestResult": obj({"ok": OK, "url": text(), "articles": array(ref("SuggestedArticle"))}),
    "Event": obj({"type": text(enum=["widget_open", "search", "search_click", "article_view",
                                     "vote", "scenario_step", "handoff", "contact"])}, {
        "session": text(maxLength=64), "query": text(maxLength=200),
        "article": text(maxLength=120),
        "source": text(enum=["manual", "widget", "agent", "kakao"]),
        "helpful": {"type": "boolean"}, "comment": text(maxLength=1000),
        "scenario": text(maxLength=64), "ts": text(maxLength=40),
        "path": array(text(maxLength=120), maxItems=3, description="Scenario label path"),
        "hits": array(text(maxLength=120), maxItems=20, description="Search hit ids"),
        "rank": {"type": "integer", "minimum": 0, "maximum": 100}},
        description="search needs query; search_click query and article; article_view "
                    "article and source; vote article and helpful; scenario_step scenario "
                    "and path."),
    "Stored": obj({"ok": OK, "stored": INT}),
    "Contact": obj({"name": text(maxLength=80), "contact": text("E-mail or phone",
                                                                maxLength=120),
                    "question": text(maxLength=2000), "consent": {"const": True}}, {
        "session": text(), "page": text(), "lang": text(enum=["ko", "en"]),
        "notify": {"type": "boolean", "description": "Tell me when this is improved "
                                                     "(needs an e-mail address)"}}),
    "Created": obj({"ok": OK, "id": INT}),
    "ArticleStats": obj({"views": INT, "votes": INT,
                         "helpful": {"type": ["integer", "null"],
                                     "description": "Percent helpful; null without votes"}}),
    "Stats": obj({"ok": OK, "days": {**INT, "description": "Counted over the last N days"},
                  "stats": {"type": "object", "additionalProperties": ref("ArticleStats")}}),
    "Channel": obj({"type": text(), "label": text(), "url": text(), "hours": text(),
                    "open": {"type": ["boolean", "null"],
                             "description": "A person answers now; null: no open hours given"},
                    "status": text("지금 상담 가능 / 운영시간이 아니에요 · 내일 09:00 시작; "
                                   "empty without open hours")}),
    "Handoff": obj({"ok": OK, "channels": array(ref("Channel")),
                    "notice": text("Set when every channel with open hours is closed"),
                    "now": text("The site's local time, ISO 8601 to the minute")}),
    "Section": obj({"anchor": text(), "text": text(), "level": INT}),
    "Sections": obj({"ok": OK, "id": text(), "title": text(), "summary": text(),
                     "url": text(), "sections": array(ref("Section"))}),
    "Document": {"type": "object", "description": "This OpenAPI document."},
    # KakaoTalk (Kakao i 오픈빌더 skill, version 2.0): only the fields Answerloop reads or writes.
    "KakaoSkillRequest": {
        "type": "object", "required": ["userRequest"],
        "description": "A skill payload as 오픈빌더 sends it (other fields are ignored).",
        "properties": {
            "userRequest": {"type": "object", "required": ["utterance", "user"], "properties": {
                "utterance": text("What the customer typed or the quick reply sent"),
                "lang": text(),
                "user": {"type": "object", "required": ["id"],
                         "properties": {"id": text("botUserKey (stored only hashed)")}}}},
            "action": {"type": "object", "properties": {
                "clientExtra": {"type": ["object", "null"],
                                "description": "A quick reply's extra: {scenario, path, "
                                               "page} or {handoff: true}"}}}}},
    "KakaoSkillResponse": obj({
        "version": {"type": "string", "const": "2.0"},
        "template": obj({"outputs": array({"type": "object"}, minItems=1, maxItems=3)},
                        {"quickReplies": array({"type": "object"}, maxItems=10)})},
        description="simpleText / basicCard / textCard / listCard / carousel outputs and quick "
                    "replies within KakaoTalk's limits (chatbot/kakao_limits.yaml)"),
}


def query(name: str, description: str, schema: Schema, required: bool = False) -> Schema:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def path_param(name: str, description: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": text()}


LANG = query("lang", "Only articles in this language (one of the site's languages); also "
             "the language of error messages", text(enum=["ko", "en"]))
Q = query("q", "What the customer typed (cut to 200 characters)", text())


def json_body(schema: Schema) -> Schema:
    return {"content": {"application/json": {"schema": schema}}}


def answer(description: str, schema: Schema, **headers: str) -> Schema:
    out = {"description": description, **json_body(schema)}
    if headers:
        out["headers"] = {k: {"schema": text(v)} for k, v in headers.items()}
    return out


def errors(*statuses: int) -> dict[str, Schema]:
    return {str(s): {"$ref": f"#/components/responses/E{s}"} for s in statuses}


ERRORS = {400: "A parameter or the body is invalid", 401: "Not logged in",
          403: "Logged in without the needed role", 404: "Not found",
          413: "Body too large", 429: "Rate limit reached (see Retry-After)",
          503: "Search or the store is unavailable right now"}


def operation(summary: str, responses: dict[str, Schema], *, tag: str = "public",
              parameters: list[Schema] | None = None, body: Schema | None = None,
              staff: bool = False) -> Schema:
    op: Schema = {"summary": summary, "tags": [tag], "parameters": parameters or [],
                  "responses": responses}
    if body is not None:
        op["requestBody"] = {"required": True, **json_body(body)}
    if staff:
        op["security"] = [{"session": []}]
    return op


PATHS: dict[str, dict[str, Schema]] = {
    "/api/v1/search": {"get": operation(
        "Search articles the way customers type (particles, no spacing, typos, 초성)",
        {"200": answer("Hits, best first", ref("SearchResult")), **errors(400, 503)},
        parameters=[Q, query("limit", "How many hits (1–50)",
                             {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}),
                    LANG, query("scenario", "The scenario the asker is in: an unsure answer "
                                            "names its closest branch", text())])},
    "/api/v1/autocomplete": {"get": operation(
        "Title and customer-question prefixes as the customer types",
        {"200": answer("Suggestions", ref("Autocomplete")), **errors(400, 503)},
        parameters=[Q, query("limit", "How many (1–20)",
                             {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}),
                    LANG])},
    "/api/v1/articles/{article_id}": {"get": operation(
        "One article with sanitised HTML (an old id from `aliases` works too)",
        {"200": answer("The article", ref("ArticleResult")), **errors(404)},
        parameters=[path_param("article_id", "Article id")])},
    "/api/v1/scenarios/{scenario_id}": {"get": operation(
        "A chatbot scenario's option tree (cached 60 s, ETag)",
        {"200": answer("The scenario", ref("ScenarioResult"), ETag="Weak or strong validator"),
         "304": {"description": "Not modified (If-None-Match matched)"}, **errors(404)},
        parameters=[path_param("scenario_id", "Scenario id")])},
    "/api/v1/handoff": {"get": operation(
        "The hand-off channels and whether a person answers on each right now (site.yaml "
        "open hours and holidays, in the site's time zone; never cached)",
        {"200": answer("Channels", ref("Handoff"))},
        parameters=[query("lang", "ko or en", text(enum=["ko", "en"]))])},
    "/api/v1/suggest": {"get": operation(
        "Articles suggested for a host page (site.yaml widget page_rules)",
        {"200": answer("Suggested articles", ref("SuggestResult")), **errors(400)},
        parameters=[query("url", "The host page's URL", text())])},
    "/api/v1/events": {"post": operation(
        "Record one event or a batch of up to 50 (any content type is read as JSON, for "
        "sendBeacon); nothing is stored from a batch with an error; a batch sent again with "
        "the same Idempotency-Key is stored once",
        {"202": answer("Stored", ref("Stored")), **errors(400, 413, 429, 503)},
        parameters=[{"name": "Idempotency-Key", "in": "header", "required": False,
                     "description": "1–128 characters of A–Z a–z 0–9 . _ : - naming this "
                                    "batch, so a retry after a lost response is not stored "
                                    "twice",
                     "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"}}],
        body={"oneOf": [ref("Event"), array(ref("Event"), minItems=1, maxItems=50)]})},
    "/api/v1/contact": {"post": operation(
        "The built-in contact form; nothing is saved unless every field is valid",
        {"201": answer("Saved", ref("Created")),
         "400": answer("Invalid fields, each with its message", ref("FieldsError")),
         **errors(413, 429, 503)}, body=ref("Contact"))},
    "/api/v1/agent/stats": {"get": operation(
        "Views and helpful % for up to 50 articles",
        {"200": answer("Numbers per article id", ref("Stats")), **errors(401, 403)},
        tag="staff", staff=True,
        parameters=[query("ids", "Comma-separated article ids (≤ 50)", text())])},
    "/api/v1/agent/articles/{article_id}": {"get": operation(
        "An article's sections, for copying a section link",
        {"200": answer("Sections", ref("Sections")), **errors(401, 403, 404)},
        tag="staff", staff=True, parameters=[path_param("article_id", "Article id")])},
    "/api/v1/channels/kakao/skill": {"post": operation(
        "KakaoTalk: the Kakao i 오픈빌더 skill (point a fallback block at it); answers from the "
        "articles and scenarios, records search, scenario_step and handoff events with source "
        "kakao; a question it cannot answer is still a reply, never a 5xx",
        {"200": answer("A KakaoTalk reply", ref("KakaoSkillResponse")),
         **errors(400, 401, 413)},
        tag="kakao",
        parameters=[{"name": "X-Answerloop-Secret", "in": "header", "required": False,
                     "description": "The shared secret (KB_KAKAO_SECRET), when one is set",
                     "schema": {"type": "string"}}],
        body=ref("KakaoSkillRequest"))},
    "/api/v1/openapi.json": {"get": operation(
        "This document", {"200": answer("OpenAPI 3.1", ref("Document"))})},
}


def document(server: str | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document; `server` is the site's base URL when known."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Answerloop API", "version": VERSION,
                 "description": "The help center's JSON API. Every error is "
                                '`{"ok": false, "error": "…", "status": N}`, its message in '
                                "the request's language (`?lang=ko|en`)."},
        "servers": [{"url": server}] if server else [],
        "tags": [{"name": "public", "description": "Used by the widget and host pages "
                                                   "(CORS for allowed origins)"},
                 {"name": "staff", "description": "Agents and admins, with a login session"},
                 {"name": "kakao", "description": "Called by Kakao i 오픈빌더 (KakaoTalk)"}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "responses": {f"E{s}": answer(d, ref("Error")) for s, d in ERRORS.items()},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie",
                                            "name": "session",
                                            "description": "The session cookie of /login"}},
        },
    }
