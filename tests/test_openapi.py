"""The OpenAPI document matches the real routes, and real responses match its schemas."""

from __future__ import annotations

import re

import pytest

from kb.accounts import add_user
from kbsite.auth import db
from tests.conftest import assert_api_error, login

IGNORED = {"HEAD", "OPTIONS"}


def api_routes(app) -> set[tuple[str, str]]:  # noqa: ANN001
    """(path in OpenAPI form, method) for every route under /api/."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.rule != "/api/docs":
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            found |= {(path, m.lower()) for m in rule.methods - IGNORED}
    return found


def documented(doc: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, ops in doc["paths"].items() for method in ops}


def test_every_api_route_is_documented_and_nothing_else(app, client):  # noqa: ANN001
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    routes = api_routes(app)
    assert routes - documented(doc) == set(), "document these routes in kbsite/openapi.py"
    assert documented(doc) - routes == set(), "these documented routes do not exist"


def test_path_parameters_are_declared(client):  # noqa: ANN001
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, ops in doc["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for op in ops.values():
            declared = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert declared == names, path


# --- a tiny JSON Schema check: the keywords the document uses, nothing more --------------

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
         "integer": int, "number": (int, float)}


def check(value, schema: dict, doc: dict, where: str = "$") -> list[str]:  # noqa: ANN001, C901
    """Every way `value` breaks `schema` (an empty list when it fits)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(value, doc["components"]["schemas"][name], doc, where)
    if "oneOf" in schema:
        fits = [s for s in schema["oneOf"] if not check(value, s, doc, where)]
        return [] if len(fits) == 1 else [f"{where}: matches {len(fits)} of oneOf"]
    problems = []
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        ok = any(isinstance(value, TYPES[k]) and not (k in ("integer", "number")
                                                      and isinstance(value, bool))
                 for k in kinds)
        if not ok:
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        problems += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                problems += check(item, props[key], doc, f"{where}.{key}")
            elif extra is False:
                problems.append(f"{where}: unexpected {key}")
            elif isinstance(extra, dict):
                problems += check(item, extra, doc, f"{where}.{key}")
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{where}: more than {schema['maxItems']} items")
        for i, item in enumerate(value):
            problems += check(item, schema.get("items", {}), doc, f"{where}[{i}]")
    return problems


def response_schema(doc: dict, path: str, method: str, status: int) -> dict:
    answer = doc["paths"][path][method]["responses"][str(status)]
    if "$ref" in answer:
        answer = doc["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    return answer["content"]["application/json"]["schema"]


def test_the_checker_catches_a_wrong_response(client):  # noqa: ANN001
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = response_schema(doc, "/api/v1/search", "get", 200)
    assert check({"ok": True, "query": "x", "hits": [{"id": "a"}]}, schema, doc)
    assert check({"ok": True, "query": "x", "hits": [], "more": 1}, schema, doc)
    assert not check({"ok": True, "query": "x", "hits": [], "confidence": 0.0,
                      "confident": False}, schema, doc)


CASES = [
    ("get", "/api/v1/search?q=환불 받고 싶어요", "/api/v1/search", 200),
    ("get", "/api/v1/search?q=배송&limit=0", "/api/v1/search", 400),
    ("get", "/api/v1/autocomplete?q=ㅎㅂ", "/api/v1/autocomplete", 200),
    ("get", "/api/v1/articles/refund-request", "/api/v1/articles/{article_id}", 200),
    ("get", "/api/v1/articles/nope", "/api/v1/articles/{article_id}", 404),
    ("get", "/api/v1/scenarios/main", "/api/v1/scenarios/{scenario_id}", 200),
    ("get", "/api/v1/suggest?url=https://shop.example.com/orders/1", "/api/v1/suggest", 200),
    ("get", "/api/v1/agent/stats?ids=refund-request", "/api/v1/agent/stats", 401),
]


@pytest.mark.parametrize(("method", "url", "path", "status"), CASES)
def test_real_responses_fit_the_document(client, method, url, path, status):  # noqa: ANN001
    doc = client.get("/api/v1/openapi.json").get_json()
    response = client.open(url, method=method.upper())
    assert response.status_code == status
    assert check(response.get_json(), response_schema(doc, path, method, status), doc) == []


def test_posts_and_staff_responses_fit_the_document(app, tmp_path):  # noqa: ANN001
    from kbsite import create_app
    from tests.conftest import SAMPLE

    own = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE),
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    client = own.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    events = [{"type": "search", "query": "환불", "source": "widget", "session": "s1"},
              {"type": "vote", "article": "refund-request", "helpful": True}]
    body = {"oneOf": [{"$ref": "#/components/schemas/Event"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}]}
    assert check(events, body, doc) == []
    response = client.post("/api/v1/events", json=events)
    assert response.status_code == 202
    assert check(response.get_json(), response_schema(doc, "/api/v1/events", "post", 202),
                 doc) == []
    bad = client.post("/api/v1/contact", json={"name": ""})
    assert check(bad.get_json(), response_schema(doc, "/api/v1/contact", "post", 400), doc) == []
    assert_api_error(client.post("/api/v1/events", data="{"), 400)
    with own.app_context():
        add_user(db(), "minji", "pw-long-enough-1", "agent")
    login(client, "minji", "pw-long-enough-1")
    for url, path in [("/api/v1/agent/stats?ids=refund-request,nope", "/api/v1/agent/stats"),
                      ("/api/v1/agent/articles/refund-request",
                       "/api/v1/agent/articles/{article_id}")]:
        response = client.get(url)
        assert response.status_code == 200, response.data
        assert check(response.get_json(), response_schema(doc, path, "get", 200), doc) == []
