"""Staff login: sessions, CSRF tokens on every form, login rate limiting, role checks."""

from __future__ import annotations

import functools
import hmac
import secrets
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import Engine

from kb.accounts import User, authenticate, end_sessions, get_user
from kb.core.catalogue import t
from kb.errors import KbError
from kbsite.errors import api_error

bp = Blueprint("auth", __name__)


def db() -> Engine:
    return current_app.extensions["answerloop.db"]


# A staff session ends this long after login, however active (ASVS 3.3.2).
SESSION_LIFETIME = 12 * 3600


def current_user() -> User | None:
    """The logged-in staff member, if any: the signed cookie's user id, its session version
    still the user's (logout and a password change bump it) and its login under
    SESSION_LIFETIME ago."""
    if "user" not in g:
        uid, version, since = session.get("uid"), session.get("sv"), session.get("since")
        user = get_user(db(), uid) if isinstance(uid, int) else None
        lifetime = current_app.config.get("SESSION_LIFETIME", SESSION_LIFETIME)
        if user is not None and (version != user.session_version
                                 or not isinstance(since, int)
                                 or not 0 <= time.time() - since < lifetime):
            user = None
        g.user = user
    return g.user


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Reject form posts without this session's token (API JSON posts are cookie-less)."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/api/"):
        return
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise KbError("csrf_failed")


def login_required(*roles: str) -> Callable:
    """Pages redirect anonymous visitors to /login; APIs answer 401 JSON; a user with none of
    `roles` (default: agent; admins pass everywhere) gets 403."""
    roles = roles or ("agent",)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args: object, **kwargs: object):  # noqa: ANN202
            user = current_user()
            api = request.path.startswith("/api/")
            if user is None:
                if api:
                    return api_error(401, t("api_login_required"))
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not any(user.can(role) for role in roles):
                if api:
                    return api_error(403, t("api_role_required", role=" / ".join(roles)))
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


# Where each role lands after login when no `next` page was asked for.
HOME = {"agent": "agent.console", "admin": "admin.home", "viewer": "tasks.board"}


def _safe_next(target: str | None, user: User) -> str:
    """Only same-site relative paths; anything else goes to the user's home page."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(HOME.get(user.role, "agent.console"))


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    error = None
    status = 200
    name = ""
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        password = request.form.get("password", "")
        user = authenticate(db(), name, password)  # failures are rate-limited (kbsite.limits)
        if user is None:
            error, status = "bad_login", 401
        else:
            session.clear()
            session["uid"] = user.id
            session["sv"] = user.session_version
            session["since"] = int(time.time())
            session.permanent = False
            csrf_token()
            return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", error=error, name=name,
                           next=request.args.get("next", "")), status


@bp.post("/logout")
def logout():  # noqa: ANN201
    user = current_user()
    if user is not None:  # ends this session and every copy of its cookie
        end_sessions(db(), user.id)
    session.clear()
    return redirect(url_for("manual.home"))


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)
    app.jinja_env.globals.update(csrf_token=csrf_token, current_user=current_user)
