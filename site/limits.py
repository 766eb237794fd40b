"""Rate limits (Flask-Limiter), one Limiter per app: public writes and staff login.

Storage is `KB_RATELIMIT_STORAGE` (default `memory://`, per process). Several workers
must share one storage — e.g. `redis://127.0.0.1:6379` — or each keeps its own count and
a client gets N times the limit. Clients are told apart by address; addresses are used
for counting only and never stored with events.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask, Response, current_app, make_response, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from kb.core.catalogue import t
from kb.errors import KbError


def _login_key() -> str:
    """Failed logins count per client and user name."""
    return f"{get_remote_address()}:{request.form.get('name', '').strip().lower()}"


def _login_breach(_limit: object) -> Response:
    return make_response(render_template("auth/login.html", error="too_many",
                                         name=request.form.get("name", ""),
                                         next=request.args.get("next", "")), 429)


def _contact_key() -> str:
    """Contact messages count per widget session (else client) and reply address, so
    people behind one carrier IP do not use up each other's allowance."""
    from kbsite.params import json_body

    try:
        data = json_body(current_app.config["MAX_CONTENT_LENGTH"] or 64 * 1024)
    except KbError:
        data = None  # the view answers the same 400 / 413
    data = data if isinstance(data, dict) else {}
    who = data.get("session") if isinstance(data.get("session"), str) else ""
    address = data.get("contact") if isinstance(data.get("contact"), str) else ""
    digest = hashlib.sha256(f"{who[:64]}\0{address.strip().lower()[:120]}".encode(
        "utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{'' if who else get_remote_address()}:{digest}"


def _contact_breach(_limit: object) -> Response:
    """429 in the API's shape, naming the other ways to reach a person."""
    from kbsite.errors import api_error
    from kbsite.store import content

    others = [c for c in content().site.handoff if c.type != "form"]
    response, status = api_error(429, t(
        "contact_too_many", channels=", ".join(c.label for c in others) or "-",
        channels_en=", ".join(c.label_in("en") for c in others) or "-"))
    response.status_code = status
    return response


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _stored(response: Response) -> bool:
    return response.status_code == 201


# (endpoint, limit per client, options); an endpoint may carry several.
LIMITS: list[tuple[str, str, dict[str, Any]]] = [
    ("widget.events", "120 per minute", {}),
    # Only messages that were accepted count; mistakes in the form do not.
    ("widget.contact", "5 per 10 minutes", {"key_func": _contact_key,
                                            "on_breach": _contact_breach,
                                            "deduct_when": _stored}),
    ("widget.contact", "30 per 10 minutes", {"on_breach": _contact_breach,
                                             "deduct_when": _stored}),
    ("manual.feedback", "30 per 10 minutes", {}),
    # Only failed attempts count (a success does not use up the allowance); a post refused
    # for a bad CSRF token never reaches the view, so it does not count either.
    ("auth.login", "5 per 5 minutes", {
        "methods": ["POST"], "key_func": _login_key, "on_breach": _login_breach,
        "deduct_when": _failed}),
    # Password spraying: failures per client across all names.
    ("auth.login", "20 per 5 minutes", {
        "methods": ["POST"], "on_breach": _login_breach, "deduct_when": _failed}),
]


def init_app(app: Flask) -> Limiter:
    """A Limiter for this app (a module-wide one would keep the first app's settings)."""
    limiter = Limiter(get_remote_address, app=app, default_limits=[], headers_enabled=True)
    for endpoint, rule, options in LIMITS:
        app.view_functions[endpoint] = limiter.limit(rule, **options)(
            app.view_functions[endpoint])
    app.extensions["answerloop.ratelimit"] = limiter
    return limiter
