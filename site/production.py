"""`kb serve --production`: the app under gunicorn, in this process (gunicorn's master).

Memory is the point. The master builds the app once (`preload_app`): content loaded, the
search index brought up to date, Kiwi's model (~0.5 GB) loaded and warmed by analysing a
sentence, then `gc.freeze()` so the collector never writes to those objects' pages. Workers
forked from it share all of that copy-on-write instead of loading the model each.

Reload on SIGHUP: with a preloaded app gunicorn would fork new workers from the master's
old app, so `reload()` drops it and the master builds a new one (content re-read, index
updated, model kept: it is process-wide) before the new workers fork; the old workers
finish their requests and stop. Workers recycle after `MAX_REQUESTS` (± jitter) the same
cheap way. Each worker opens its own database connections (`post_fork` drops the pool it
inherited). The access log is Apache's combined format on stdout; gunicorn's own log on
stderr. gunicorn runs in this process (`run()`), so stopping it stops the workers.
"""

from __future__ import annotations

import errno
import gc
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from kb.errors import KbError
from kbsite import messages_ops as _messages  # noqa: F401 - registers ops_*

WORKERS = 3  # a 2-core machine: one search per core plus one waiting on the database
THREADS = 4
MAX_REQUESTS = 5000
MAX_REQUESTS_JITTER = 500  # so the workers do not all recycle at the same moment
TIMEOUT = 30
GRACEFUL_TIMEOUT = 30
KEEPALIVE = 5
# Apache/nginx "combined", the format log tools read, plus the time taken in microseconds.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
WARM_UP = "환불은 어떻게 신청하나요? 배송조회가 안돼요 냉장고 소음"

log = logging.getLogger(__name__)


def check_port(host: str, port: int) -> None:
    """Refuse early, with one message, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise KbError("ops_port_in_use", host=host, port=port) from None
            raise KbError("ops_cannot_listen", host=host, port=port,
                          reason=exc.strerror or exc) from None


def warm_up() -> None:
    """Load Kiwi's model and run it once, so workers inherit it ready."""
    from kb.text import analysis

    analysis.kiwi()
    list(analysis.morphemes(WARM_UP))


def build_app(content: Path) -> Flask:
    """The app as the master preloads it: content, an up-to-date index, a warm analyser."""
    from kbsite import create_app

    app = create_app({"CONTENT_DIR": str(content)})
    app.extensions["answerloop.search"].sync()
    warm_up()
    return app


def _post_fork(server: Any, _worker: Any) -> None:
    """A worker must not share the master's database connections: start a fresh pool."""
    app = server.app.callable
    if app is not None:
        app.extensions["answerloop.db"].dispose(close=False)


class ProductionServer(BaseApplication):
    """gunicorn with our settings and our app, no configuration file or argv parsing."""

    def __init__(self, content: Path, options: dict[str, Any]) -> None:
        self.content = content
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        gc.unfreeze()  # on reload: let the previous app be collected
        app = build_app(self.content)
        gc.collect()
        gc.freeze()  # everything so far stays in shared pages after fork
        return app

    def reload(self) -> None:
        """SIGHUP: re-read settings and, since the app is preloaded, rebuild it here."""
        super().reload()
        self.callable = None  # Arbiter.setup() calls wsgi() next: a new app, new content


def options(host: str, port: int, workers: int, threads: int,
            on_ready: Callable[[], None] | None = None) -> dict[str, Any]:
    """gunicorn settings for `kb serve --production`."""
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        "timeout": TIMEOUT,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "keepalive": KEEPALIVE,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "answerloop",
        # gunicorn's control socket has one default path per user: two instances on one
        # machine would take each other's. Signals (HUP, TERM, TTIN/TTOU) do the same work.
        "control_socket_disable": True,
        # Workers' heartbeat files in memory: a slow or overlay disk (containers) can
        # stall them long enough to be killed as hung.
        **({"worker_tmp_dir": "/dev/shm"} if Path("/dev/shm").is_dir() else {}),
        "post_fork": _post_fork,
        "when_ready": (lambda _server: on_ready()) if on_ready else (lambda _server: None),
    }


def serve(content: Path, host: str, port: int, workers: int = WORKERS, threads: int = THREADS,
          on_ready: Callable[[], None] | None = None) -> None:
    """Run the production server until it is stopped (SIGTERM/SIGINT); SIGHUP reloads."""
    check_port(host, port)
    ProductionServer(content, options(host, port, workers, threads, on_ready)).run()
