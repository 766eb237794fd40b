"""The Flask app factory: configuration, content store, error handling, blueprints."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from kb.db import connect, database_url
from kbsite.searching import SearchService
from kbsite.store import ContentStore


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration from KB_* environment variables, then `test_config`."""
    instance = Path(os.environ.get("KB_INSTANCE", "instance")).resolve()
    app = Flask(__name__, instance_path=str(instance))
    app.config.from_mapping(
        # Signs session cookies; a random per-process key if unset (sessions end on restart).
        SECRET_KEY=os.environ.get("KB_SECRET_KEY") or secrets.token_hex(32),
        # The content folder: articles, scenarios, site.yaml.
        CONTENT_DIR=os.environ.get("KB_CONTENT", "content"),
        # Runtime data (search index, database); git-ignored.
        INSTANCE_DIR=str(instance),
        # UI language when a request does not choose one; None means site.yaml's default_lang.
        LANG=os.environ.get("KB_LANG") or None,
        # Re-read changed content files (checked at most once a second, on request).
        RELOAD=False,
        # Largest request body accepted, in bytes.
        MAX_CONTENT_LENGTH=64 * 1024,
        # A JSON API: keep Korean readable in responses.
        JSON_AS_ASCII=False,
        # Events and accounts; KB_DATABASE_URL (e.g. postgresql+psycopg://…) or SQLite here.
        DATABASE_URL=database_url(instance),
        # Session cookies: HttpOnly and SameSite=Lax always; Secure behind HTTPS (below).
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Rate-limit counters: memory:// per process; share one (redis://…) across workers.
        RATELIMIT_STORAGE_URI=os.environ.get("KB_RATELIMIT_STORAGE", "memory://"),
        # Key prefix in that storage, so several help centers can share one Redis.
        RATELIMIT_KEY_PREFIX=os.environ.get("KB_RATELIMIT_PREFIX", ""),
        # Reverse proxies in front (nginx: 1): trust that many X-Forwarded-For/-Proto/-Host
        # hops, so rate limits count real clients, not the proxy.
        PROXY_HOPS=int(os.environ.get("KB_PROXY_HOPS", "0")),
        # Events older than this many days are deleted by `kb prune`.
        RETENTION_DAYS=int(os.environ.get("KB_RETENTION_DAYS", "730")),
        # KakaoTalk skill: a shared secret 오픈빌더 sends in X-Answerloop-Secret ("" = none),
        # and the block its quick replies call (with their extra); "" = message replies.
        KAKAO_SECRET=os.environ.get("KB_KAKAO_SECRET", ""),
        KAKAO_BLOCK_ID=os.environ.get("KB_KAKAO_BLOCK_ID", ""),
        # The Kakao channel has 상담톡 (a counselling plug-in): 상담원 연결 hands the chat over
        # to a person in KakaoTalk itself (a button with action "operator").
        KAKAO_OPERATOR=os.environ.get("KB_KAKAO_OPERATOR", "") in ("1", "true", "yes"),
    )
    if test_config is not None:
        app.config.update(test_config)
        if "INSTANCE_DIR" in test_config and "DATABASE_URL" not in test_config:
            app.config["DATABASE_URL"] = database_url(Path(test_config["INSTANCE_DIR"]))
    app.json.ensure_ascii = False
    if hops := app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.extensions["answerloop.db"] = connect(app.config["DATABASE_URL"])
    store = ContentStore(Path(app.config["CONTENT_DIR"]), reload=app.config["RELOAD"])
    app.extensions["answerloop.content"] = store
    app.extensions["answerloop.search"] = SearchService(
        store, Path(app.config["INSTANCE_DIR"]) / "index", engine=app.extensions["answerloop.db"]
    )

    if store.get().site.base_url.startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True

    from kbsite import (
        admin,
        agent,
        api,
        auth,
        compression,
        errors,
        i18n,
        kakao,
        limits,
        manual,
        ops,
        tasks,
        widget,
    )

    compression.init_app(app)  # first, so its after_request hook runs last
    i18n.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    widget.init_app(app)
    app.register_blueprint(manual.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(agent.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(widget.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(kakao.bp)
    app.register_blueprint(ops.bp)
    limits.init_app(app)  # wraps registered endpoints, so after the blueprints
    return app
