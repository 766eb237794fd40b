"""One error shape: JSON `{"ok": false, "error", "status"}` under /api/, an HTML page elsewhere.

Every error a person reads is a catalogue message in the request's language: a `KbError`
raised anywhere below a view carries its own (and its status); an HTTP error without one
(an unknown /api/ path, a wrong method, a rate limit) gets `http_<status>`.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kb.core.catalogue import MESSAGES, Text, t
from kb.db import STORE_DOWN
from kb.errors import KbError
from kbsite.i18n import current_lang


def request_lang() -> str:
    """The request's language for an error; Korean if even that cannot be worked out."""
    try:
        return current_lang()
    except Exception:  # an error page must render even when the content store is broken
        return "ko"


def api_error(status: int, message: Text) -> tuple[Response, int]:
    """The API's only error shape, the message in the request's language."""
    return jsonify({"ok": False, "error": message.get(request_lang()), "status": status}), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _page(status: int, message: str | None = None):  # noqa: ANN202
    template = "manual/404.html" if status == 404 else "manual/error.html"
    return render_template(template, status=status, message=message), status


def handle_kb_error(exc: KbError):  # noqa: ANN201
    """A domain problem: its message and status, as JSON under /api/ or as a page."""
    if _wants_json():
        return api_error(exc.status, exc.message)
    return _page(exc.status, exc.text(request_lang()))


def handle_http(exc: HTTPException):  # noqa: ANN201
    if exc.response is not None:  # a prepared answer (e.g. the login page's 429)
        return exc.response
    status = exc.code or 500
    if _wants_json():
        code = f"http_{status}"
        text = exc.description or exc.name
        return api_error(status, t(code) if code in MESSAGES else Text(text, text))
    return _page(status)


def handle_store_down(exc: Exception):  # noqa: ANN201
    """The database does not answer or refuses writes: 503, never a generic 500."""
    current_app.logger.error("store unavailable on %s: %s", request.path,
                             str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)
    if _wants_json():
        return api_error(503, t("store_unavailable"))
    return _page(503, t("store_unavailable").get(request_lang()))


def handle_unexpected(exc: Exception):  # noqa: ANN201
    current_app.logger.exception("unhandled error on %s", request.path)
    return handle_http(InternalServerError(original_exception=exc))


def init_app(app: Flask) -> None:
    app.register_error_handler(KbError, handle_kb_error)
    app.register_error_handler(HTTPException, handle_http)
    for store_error in STORE_DOWN:
        app.register_error_handler(store_error, handle_store_down)
    app.register_error_handler(Exception, handle_unexpected)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: https:; style-src-elem 'self'; "
            "style-src-attr 'unsafe-inline'; script-src 'self'; object-src 'none'; "
            "base-uri 'self'; frame-ancestors 'self'; form-action 'self'",
        )
        return response
