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

from kb.errors import KbError
from kb.insights import contacts
from kb.insights.drafts import write_stub
from kb.insights.gaps import PERIODS, gaps, source_label
from kb.insights.report import needs_work, period_stats
from kbsite.auth import db, login_required
from kbsite.searching import SearchUnavailable, search_service
from kbsite.store import content

bp = Blueprint("admin", __name__)


def _period() -> str:
    period = request.args.get("period", "month")
    if period not in PERIODS:
        raise KbError("param_choice", name="period", choices=", ".join(PERIODS))
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
    stats = period_stats(db(), period)
    peak = max((max(a, b) for a, b in stats.counts.values()), default=0)
    return render_template("admin/home.html", site=c.site, content=c, period=period,
                           periods=list(PERIODS), queue=queue, top=top, stats=stats,
                           peak=peak, work=needs_work(c, stats),
                           contacts=contacts.recent(db()), source_label=source_label)


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


@bp.get("/admin/stats.csv")
@login_required("admin")
def stats_csv():  # noqa: ANN201
    """Every table on the dashboard for the period, as one CSV (section, key, values…)."""
    stats = period_stats(db(), _period())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "value", "previous_or_more", "more"])
    for kind, (now, before) in sorted(stats.counts.items()):
        writer.writerow(["volume", kind, now, before, ""])
    for query, n in stats.failed_searches:
        writer.writerow(["failed_search", query, n, "", ""])
    for source, n in sorted(stats.views_by_source.items()):
        writer.writerow(["views_by_source", source, n, "", ""])
    for article, (yes, votes) in sorted(stats.helpful.items()):
        writer.writerow(["helpful", article, yes, votes, ""])
    for node, (reached, left, handed) in stats.funnel.items():
        writer.writerow(["funnel", node, reached, left, handed])
    for tag, n in stats.inquiries_by_tag:
        writer.writerow(["inquiries_by_tag", tag, n, "", ""])
    return current_app.response_class("\ufeff" + out.getvalue(), mimetype="text/csv",
                                      headers={"Content-Disposition":
                                               "attachment; filename=stats.csv"})


@bp.post("/admin/gaps/<int:rank>/draft")
@login_required("admin")
def draft(rank: int):  # noqa: ANN201
    period = _period()
    queue = gaps(db(), period, limit=rank)
    if rank < 1 or len(queue) < rank:
        abort(404)
    path = write_stub(content().root, queue[rank - 1])
    return redirect(url_for("admin.home", period=period, drafted=path.name))
