"""The CX dashboard (admin role). For now: content health; statistics come next."""

from __future__ import annotations

from flask import Blueprint, render_template

from kb import contacts
from kbsite.auth import db, login_required
from kbsite.store import content

bp = Blueprint("admin", __name__)


@bp.get("/admin")
@login_required("admin")
def home():  # noqa: ANN201
    c = content()
    return render_template("admin/home.html", site=c.site, content=c,
                           contacts=contacts.recent(db()))
