"""The embeddable widget: loader, app, demo page, and the public APIs it calls (with CORS).

A host page adds one tag: `<script src="https://HELP-HOST/widget.js" data-scenario="main"
async></script>`. Only the loader (with the site's widget settings baked in) loads with the
page; the app, the scenario and suggestions load on first open.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from kb.content import hours
from kb.core.catalogue import message, t
from kb.insights import contacts, followups
from kb.insights.events import record, record_many, validate_batch
from kbsite import messages_widget
from kbsite.auth import db
from kbsite.errors import api_error
from kbsite.i18n import current_lang
from kbsite.params import json_body, text_param
from kbsite.store import content

bp = Blueprint("widget", __name__)
STATIC = Path(__file__).parent / "static" / "widget"
MAX_EVENT_BODY = 64 * 1024
# Public API paths a host page may call from the browser (never /api/v1/agent/...).
CORS_PATHS = ("/api/v1/search", "/api/v1/autocomplete", "/api/v1/articles/",
              "/api/v1/scenarios/", "/api/v1/suggest", "/api/v1/events", "/api/v1/contact",
              "/api/v1/handoff")


def strings() -> dict[str, dict[str, str]]:
    """The widget's words in both languages, from the catalogue (`widget_<key>` codes)."""
    codes = sorted(c for c in messages_widget.MESSAGES if c != "widget_launcher")
    return {lang: {c.removeprefix("widget_"): message(c, lang) for c in codes}
            for lang in ("ko", "en")}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


@lru_cache(maxsize=4)
def _asset(name: str, mtime: float) -> tuple[str, str]:
    text = (STATIC / name).read_text("utf-8").replace("__ANSWERLOOP_STRINGS__", _json(strings()))
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]


def asset(name: str) -> tuple[str, str]:
    """(text, version hash) of a widget file, re-read when it changes."""
    return _asset(name, (STATIC / name).stat().st_mtime)


def widget_config() -> dict[str, object]:
    """What the loader needs before the first open: look, strings' language, handoff."""
    site = content().site
    w = site.widget
    lang = w.lang or site.default_lang
    return {
        "greeting": w.greeting, "color": w.color, "position": w.position,
        "lang": lang, "scenario": w.scenario, "name": site.title(lang),
        "channels": [{"type": c.type, "label": c.label_in(lang), "url": c.url,
                      "hours": c.hours_in(lang)} for c in site.handoff],
        "app": "/widget/app.js?v=" + asset("app.js")[1],
        "launcher": {lang: message("widget_launcher", lang) for lang in ("ko", "en")},
    }


def _script(body: str, max_age: int) -> Response:
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # a public script, no credentials
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/widget.js")
def loader():  # noqa: ANN201
    text, _ = asset("loader.js")
    config = _json(widget_config())
    # Short cache: the loader's URL never changes, but the app version inside it does.
    return _script(text.replace("__ANSWERLOOP_CONFIG__", config), 300)


@bp.get("/widget/app.js")
def app_js():  # noqa: ANN201
    text, version = asset("app.js")
    return _script(text, 31_536_000 if request.args.get("v") == version else 300)


@bp.get("/widget/demo")
def demo():  # noqa: ANN201
    site = content().site
    snippet = (f'<script src="{site.base_url.rstrip("/")}/widget.js" '
               f'data-scenario="{site.widget.scenario}" async></script>')
    return render_template("widget/demo.html", site=site, snippet=snippet)


def channels_now(lang: str, now: dt.datetime | None = None) -> dict[str, object]:
    """The hand-off channels with whether a person answers now, and a notice when nobody
    does: '운영시간이 아니에요 — 남겨 주시면 내일 09:00부터 답해 드려요'."""
    site = content().site
    now = (now or site.now()).astimezone(ZoneInfo(site.timezone))
    out: list[dict[str, object]] = []
    opens: list[dt.datetime] = []
    for c in site.handoff:
        found = site.open_status(c, now)
        item: dict[str, object] = {"type": c.type, "label": c.label_in(lang), "url": c.url,
                                   "hours": c.hours_in(lang), "open": None, "status": ""}
        if found is not None:
            item["open"] = found.open
            if found.open:
                item["status"] = t("handoff_open").get(lang)
            elif found.next_open is not None:
                opens.append(found.next_open)
                item["status"] = t("handoff_closed_until",
                                   when=hours.when(found.next_open, now).get(lang)).get(lang)
            else:
                item["status"] = t("handoff_closed").get(lang)
        out.append(item)
    notice = ""
    staffed = [i for i in out if i["open"] is not None]  # channels with open hours
    if staffed and not any(i["open"] for i in staffed):
        notice = (t("handoff_after_hours", when=hours.when(min(opens), now).get(lang)) if opens
                  else t("handoff_after_hours_later")).get(lang)
    return {"channels": out, "notice": notice, "now": now.isoformat(timespec="minutes")}


@bp.get("/api/v1/handoff")
def handoff():  # noqa: ANN201
    """The channels to reach a person, each open now or not (computed per request)."""
    response = jsonify({"ok": True, **channels_now(current_lang())})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/v1/suggest")
def suggest():  # noqa: ANN201
    c = content()
    url = text_param("url")
    found: list[str] = []
    for rule in c.site.widget.page_rules:
        if url and fnmatch.fnmatch(url, rule.url):
            found += [a for a in rule.articles if a not in found]
    articles = [a for a in (c.article(i) for i in found) if a is not None]
    return jsonify({"ok": True, "url": url, "articles": [
        {"id": a.id, "title": a.title, "url": a.url, "summary": a.summary} for a in articles]})


IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@bp.post("/api/v1/events")
def events():  # noqa: ANN201
    """One event or a batch (≤ 50). sendBeacon posts text/plain, so any type is read as JSON.

    An optional `Idempotency-Key` header stores a retried batch once (202 both times)."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not IDEMPOTENCY_KEY.match(key):
        return api_error(400, t("idempotency_key_bad"))
    payload = json_body(MAX_EVENT_BODY)
    rows, error = validate_batch(payload, retention_days=current_app.config["RETENTION_DAYS"])
    if error:
        return api_error(400, error)
    record_many(db(), rows, batch_key=key)
    return jsonify({"ok": True, "stored": len(rows)}), 202


@bp.post("/api/v1/contact")
def contact():  # noqa: ANN201
    """The built-in contact form; field errors in `fields`, nothing saved unless all valid."""
    data = json_body(current_app.config["MAX_CONTENT_LENGTH"] or MAX_EVENT_BODY)
    if not isinstance(data, dict):
        return api_error(400, t("api_body_not_object"))
    lang = data.get("lang") if data.get("lang") in ("ko", "en") else current_lang()
    clean, errors = contacts.validate(data, lang)
    if errors:
        response, status = api_error(400, t("api_fields_invalid"))
        body = response.get_json()
        body["fields"] = errors
        return jsonify(body), status
    if data.get("notify") is True:  # "개선되면 알려주세요": kept apart, for that only
        try:
            followups.record(db(), clean["contact"], clean["question"], source="widget",
                             lang=lang, name=clean["name"])
        except followups.FollowupError:
            response, status = api_error(400, t("api_fields_invalid"))
            body = response.get_json()
            body["fields"] = {"notify": t("notify_needs_email").get(lang)}
            return jsonify(body), status
    contact_id = contacts.save(db(), clean, lang)
    record(db(), "contact", session=clean.get("session", "")[:64] or None, source="widget")
    return jsonify({"ok": True, "id": contact_id}), 201


def init_app(app) -> None:  # noqa: ANN001
    @app.after_request
    def cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin or not request.path.startswith(CORS_PATHS):
            return response
        if origin in content().site.widget.allowed_origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        response.headers.add("Vary", "Origin")
        return response
