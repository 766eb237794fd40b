"""One error shape: JSON `{"ok": false, "error", "status"}` under /api/, an HTML page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


def api_error(status: int, message: str) -> tuple[Response, int]:
    """The API's only error shape."""
    return jsonify({"ok": False, "error": message, "status": status}), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http(exc: HTTPException):  # noqa: ANN201
    if exc.response is not None:  # a prepared answer (e.g. the login page's 429)
        return exc.response
    status = exc.code or 500
    if _wants_json():
        return api_error(status, exc.description or exc.name)
    template = "manual/404.html" if status == 404 else "manual/error.html"
    return render_template(template, status=status), status


def handle_unexpected(exc: Exception):  # noqa: ANN201
    current_app.logger.exception("unhandled error on %s", request.path)
    return handle_http(InternalServerError(original_exception=exc))


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
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
