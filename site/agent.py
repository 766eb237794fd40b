"""The agent console: find the right article in seconds and paste its link."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, render_template, request

from kb.core.catalogue import t
from kb.insights.events import article_stats
from kbsite.auth import db, login_required
from kbsite.errors import api_error
from kbsite.i18n import current_lang
from kbsite.store import content

bp = Blueprint("agent", __name__)
STATS_DAYS = 30


@bp.get("/agent")
@login_required("agent")
def console():  # noqa: ANN201
    site = content().site
    # Searches are scoped to the console's language; a checkbox widens them to all.
    config = {"base_url": site.base_url.rstrip("/"), "reply_template": site.reply_template,
              "lang": current_lang()}
    return render_template("agent/console.html", site=site, config=config)


@bp.get("/api/v1/agent/stats")
@login_required("agent")
def stats():  # noqa: ANN201
    """Views and helpful % over the last 30 days for up to 50 article ids (`?ids=a,b,c`)."""
    ids = [i for i in request.args.get("ids", "").split(",") if i][:50]
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=STATS_DAYS)
    return jsonify({"ok": True, "days": STATS_DAYS, "stats": article_stats(db(), ids, since)})


@bp.get("/api/v1/agent/articles/<article_id>")
@login_required("agent")
def article_sections(article_id: str):  # noqa: ANN201
    found = content().article(article_id)
    if found is None:
        return api_error(404, t("api_no_article", id=article_id))
    return jsonify({"ok": True, "id": found.id, "title": found.title, "summary": found.summary,
                    "url": found.url,
                    "sections": [{"anchor": h.anchor, "text": h.text, "level": h.level}
                                 for h in found.toc]})
