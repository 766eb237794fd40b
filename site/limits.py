"""Rate limits on public write endpoints (Flask-Limiter).

Storage is `KB_RATELIMIT_STORAGE` (default `memory://`, per process). Several workers
must share one storage — e.g. `redis://127.0.0.1:6379` — or each keeps its own count and
a client gets N times the limit. Clients are told apart by address; addresses are used
for counting only and never stored with events.
"""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(get_remote_address, default_limits=[], headers_enabled=True)

EVENTS = "120 per minute"
CONTACT = "5 per 10 minutes"
