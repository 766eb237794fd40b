"""Rate limits (Flask-Limiter), one Limiter per app: public writes and staff login.

Storage is `KB_RATELIMIT_STORAGE` (default `memory://`, per process). Several workers
must share one storage — e.g. `redis://127.0.0.1:6379` — or each keeps its own count and
a client gets N times the limit. Clients are told apart by address; addresses are used
for counting only and never stored with events.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, make_response, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _login_key() -> str:
    """Failed logins count per client and user name."""
    return f"{get_remote_address()}:{request.form.get('name', '').strip().lower()}"


def _login_breach(_limit: object) -> Response:
    return make_response(render_template("auth/login.html", error="too_many",
                                         name=request.form.get("name", ""),
                                         next=request.args.get("next", "")), 429)


# endpoint → (limit per client, options)
LIMITS: dict[str, tuple[str, dict[str, Any]]] = {
    "widget.events": ("120 per minute", {}),
    "widget.contact": ("5 per 10 minutes", {}),
    "manual.feedback": ("30 per 10 minutes", {}),
    "auth.login": ("5 per 5 minutes", {
        "methods": ["POST"], "key_func": _login_key, "on_breach": _login_breach,
        # only failed attempts count; a success does not use up the allowance
        "deduct_when": lambda response: response.status_code == 401}),
}


def init_app(app: Flask) -> Limiter:
    """A Limiter for this app (a module-wide one would keep the first app's settings)."""
    limiter = Limiter(get_remote_address, app=app, default_limits=[], headers_enabled=True)
    for endpoint, (rule, options) in LIMITS.items():
        app.view_functions[endpoint] = limiter.limit(rule, **options)(
            app.view_functions[endpoint])
    app.extensions["answerloop.ratelimit"] = limiter
    return limiter
