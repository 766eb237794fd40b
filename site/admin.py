"""The CX dashboard (admin role): write-next queue, contact messages, content health."""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from kb import contacts
from kb.drafts import write_stub
from kb.stats import PERIODS, gaps
from kbsite.auth import db, login_required
from kbsite.searching import SearchUnavailable, search_service
from kbsite.store import content

bp = Blueprint("admin", __name__)


def _period() -> str:
    period = request.args.get("period", "month")
    if period not in PERIODS:
        abort(400, f"period must be one of: {', '.join(PERIODS)}")
    return period


def _best(question: str) -> str | None:
    try:
        hits = search_service().search(question, limit=1)
    except SearchUnavailable:
        return None
    return hits[0].id if hits else None


@bp.get("/admin")
@login_required("admin")
def home():  # noqa: ANN201
    c = content()
    period = _period()
    queue = gaps(db(), period, limit=20, matcher=_best)
    top = max((g.count for g in queue), default=0)
    return render_template("admin/home.html", site=c.site, content=c, period=period,
                           periods=list(PERIODS), queue=queue, top=top,
                           contacts=contacts.recent(db()))


@bp.get("/admin/gaps.csv")
@login_required("admin")
def gaps_csv():  # noqa: ANN201
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "question", "count", "previous", "coverage", "score", "sources",
                     "examples", "best_article"])
    for rank, gap in enumerate(gaps(db(), _period(), limit=200, matcher=_best), start=1):
        d = gap.as_dict()
        writer.writerow([rank, d["question"], d["count"], d["previous"], d["coverage"],
                         d["score"], "; ".join(f"{k} {v}" for k, v in d["sources"].items()),
                         " | ".join(d["examples"]), d["best_article"] or ""])
    # BOM so Excel opens the Korean text as UTF-8.
    return current_app.response_class("\ufeff" + out.getvalue(), mimetype="text/csv",
                                      headers={"Content-Disposition":
                                               "attachment; filename=write-next.csv"})


@bp.post("/admin/gaps/<int:rank>/draft")
@login_required("admin")
def draft(rank: int):  # noqa: ANN201
    period = _period()
    queue = gaps(db(), period, limit=rank)
    if rank < 1 or len(queue) < rank:
        abort(404)
    path = write_stub(content().root, queue[rank - 1])
    return redirect(url_for("admin.home", period=period, drafted=path.name))
