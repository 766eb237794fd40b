"""Operations: readiness for a load balancer, and the API's description for integrators.

- `/readyz`: 200 only when content is loaded, the search index opens and the database
  answers; 503 with every reason otherwise (`/healthz` stays the liveness check).
- `/api/v1/openapi.json`: the OpenAPI 3.1 document (`kbsite.openapi`).
- `/api/docs`: the same document as an HTML page, rendered on the server.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, render_template

from kb.core.catalogue import Text, t
from kb.db import ping, writable
from kbsite import messages_ops as _messages  # noqa: F401 - registers ready_* and api_docs_*
from kbsite import openapi
from kbsite.auth import db
from kbsite.errors import api_error
from kbsite.searching import search_service
from kbsite.store import content
from kbsite.visits import LOST_KEY

bp = Blueprint("ops", __name__)


def _reason(exc: BaseException) -> str:
    """A short, single-line reason from an exception (no traceback, no URL with a password)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{exc.__class__.__name__}: {first[:160]}" if first else exc.__class__.__name__


def readiness() -> tuple[dict[str, object], list[Text]]:
    """What is ready (articles, indexed documents, database dialect) and what is not."""
    facts: dict[str, object] = {}
    problems: list[Text] = []
    c = content()
    facts["articles"] = len(c.published())
    if not c.published():
        problems.append(t("ready_no_content", path=c.root))
    try:
        search_service().sync()
        facts["indexed"] = search_service().index.count()
    except Exception as exc:  # noqa: BLE001 - any failure to open the index is the answer
        problems.append(t("ready_no_index", reason=_reason(exc)))
    engine = db()
    try:
        ping(engine)
        facts["database"] = engine.dialect.name
    except Exception as exc:  # noqa: BLE001 - any failure to answer is the answer
        problems.append(t("ready_no_database", reason=_reason(exc)))
    else:
        if not writable(engine):  # readable but not writable: visits and events are lost
            problems.append(t("ready_read_only"))
    lost = current_app.extensions.get(LOST_KEY, {"store": 0, "limit": 0})
    facts["visits_not_recorded"] = dict(sorted(lost.items()))
    return facts, problems


@bp.get("/readyz")
def readyz():  # noqa: ANN201
    facts, problems = readiness()
    if problems:
        sep = t("ready_join")
        message = Text(sep.ko.join(p.ko for p in problems), sep.en.join(p.en for p in problems))
        response, status = api_error(503, message)
    else:
        response, status = jsonify({"ok": True, **facts}), 200
    response.headers["Cache-Control"] = "no-store"
    return response, status


def _document() -> dict[str, object]:
    return openapi.document(content().site.base_url.rstrip("/") or None)


@bp.get("/api/v1/openapi.json")
def openapi_json():  # noqa: ANN201
    response = jsonify(_document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _type(schema: dict[str, object]) -> str:
    """A schema's type in a few characters, for the parameter table."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    kind = " | ".join(kind) if isinstance(kind, list) else str(kind)
    if "enum" in schema:
        kind += " (" + ", ".join(map(str, schema["enum"])) + ")"  # type: ignore[arg-type]
    return kind


@bp.get("/api/docs")
def api_docs():  # noqa: ANN201
    doc = _document()
    schemas = {name: json.dumps(schema, ensure_ascii=False, indent=2)
               for name, schema in doc["components"]["schemas"].items()}  # type: ignore[index]
    return render_template("ops/api.html", site=content().site, doc=doc, schemas=schemas,
                           type_of=_type, to_json=lambda v: json.dumps(v, ensure_ascii=False,
                                                                       indent=2),
                           json_url=current_app.url_for("ops.openapi_json"))
