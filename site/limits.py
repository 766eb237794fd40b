"""Rate limits on public write endpoints (Flask-Limiter), one Limiter per app.

Storage is `KB_RATELIMIT_STORAGE` (default `memory://`, per process). Several workers
must share one storage — e.g. `redis://127.0.0.1:6379` — or each keeps its own count and
a client gets N times the limit. Clients are told apart by address; addresses are used
for counting only and never stored with events.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# endpoint → limit per client
LIMITS = {
    "widget.events": "120 per minute",
    "widget.contact": "5 per 10 minutes",
}


def init_app(app: Flask) -> Limiter:
    """A Limiter for this app (a module-wide one would keep the first app's settings)."""
    limiter = Limiter(get_remote_address, app=app, default_limits=[], headers_enabled=True)
    for endpoint, rule in LIMITS.items():
        app.view_functions[endpoint] = limiter.limit(rule)(app.view_functions[endpoint])
    app.extensions["answerloop.ratelimit"] = limiter
    return limiter
