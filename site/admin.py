"""The CX dashboard (admin role): question groups in lanes, corrections, period statistics,
contact messages, content health. Periods are calendar periods in the site's time zone."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from kb.core.catalogue import MESSAGES
from kb.insights import calendar, contacts
from kb.insights.drafts import write_stub
from kb.insights.gaps import LANES, Gap, find, gaps, source_label
from kb.insights.groups import merge, split
from kb.insights.periods import needs_work, period_stats
from kb.insights.tasks import linked_groups
from kbsite.auth import current_user, db, login_required
from kbsite.csvout import download
from kbsite.i18n import current_lang
from kbsite.params import period_args as _args
from kbsite.params import period_param as _period
from kbsite.searching import search_service
from kbsite.store import content

bp = Blueprint("admin", __name__)


def _queue(period: calendar.Period) -> list[Gap]:
    return gaps(db(), period, matcher=search_service().best_article, synonyms=content().synonyms,
                tasks=linked_groups(db()))


@bp.get("/admin")
@login_required("admin")
def home():  # noqa: ANN201
    c = content()
    period = _period()
    queue = _queue(period)
    lanes = {lane: [g for g in queue if g.lane == lane][:20] for lane in LANES}
    top = max((g.count for g in queue), default=0)
    stats = period_stats(db(), period)
    peak = max((max(a, b) for a, b in stats.counts.values()), default=0)
    return render_template("admin/home.html", site=c.site, content=c, period=period,
                           periods=calendar.KINDS, args=_args(period), lanes=lanes,
                           total=sum(g.count for g in queue), top=top, stats=stats,
                           peak=peak, work=needs_work(c, stats),
                           contacts=contacts.recent(db()), source_label=source_label,
                           event_names={code for code in MESSAGES if code.startswith(
                               "event_name_")})


@bp.get("/admin/gaps.csv")
@login_required("admin")
def gaps_csv():  # noqa: ANN201
    rows: list[list[object]] = [["rank", "key", "lane", "question", "count", "previous",
                                 "coverage", "score", "sources", "phrasings", "article"]]
    for rank, gap in enumerate(_queue(_period()), start=1):
        d = gap.as_dict()
        rows.append([rank, gap.key, gap.lane, d["question"], d["count"], d["previous"],
                     d["coverage"], d["score"],
                     "; ".join(f"{k} {v}" for k, v in d["sources"].items()),
                     " | ".join(f"{p['text']} ({p['count']})" for p in d["phrasings"]),
                     gap.article or ""])
    return download(rows, "write-next.csv")


@bp.get("/admin/report")
@login_required("admin")
def cs_report():  # noqa: ANN201
    """The CS report for the period, live: the same file `kb report --format html` writes
    (`?format=json` for its numbers)."""
    from kb.insights.csreport import gather
    from kb.insights.report import render, tables

    lang, c = current_lang(), content()
    found = gather(db(), c, _period(), matcher=search_service().best_article, lang=lang)
    fmt = request.args.get("format", "html")
    if fmt == "csv":  # every table of the report, one after the other
        return download(tables(found, lang), "cs-report.csv")
    fmt = "json" if fmt == "json" else "html"
    body = render(found, fmt, lang, c.site.title(lang))
    mimetype = "application/json" if fmt == "json" else "text/html"
    response = current_app.response_class(body, mimetype=mimetype)
    # The report is one self-contained file with its own <style>; no scripts at all.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
    return response


@bp.get("/admin/stats.csv")
@login_required("admin")
def stats_csv():  # noqa: ANN201
    """Every table on the dashboard for the period, as one CSV (section, key, values…)."""
    stats = period_stats(db(), _period())
    rows: list[list[object]] = [["section", "key", "value", "previous_or_more", "more"]]
    rows += [["volume", kind, now, before, ""]
             for kind, (now, before) in sorted(stats.counts.items())]
    rows += [["failed_search", query, n, "", ""] for query, n in stats.failed_searches]
    rows += [["views_by_source", source, n, "", ""]
             for source, n in sorted(stats.views_by_source.items())]
    rows += [["helpful", article, yes, votes, ""]
             for article, (yes, votes) in sorted(stats.helpful.items())]
    rows += [["funnel", node, reached, left, handed]
             for node, (reached, left, handed) in stats.funnel.items()]
    rows += [["inquiries_by_tag", tag, n, "", ""] for tag, n in stats.inquiries_by_tag]
    return download(rows, "stats.csv")


@bp.post("/admin/gaps/<key>/draft")
@login_required("admin")
def draft(key: str):  # noqa: ANN201
    """A draft article for group `key` (a stable key: the queue may have moved since)."""
    period = _period()
    found = find(db(), period, key, synonyms=content().synonyms)
    if found is None:
        abort(404)
    path = write_stub(content().root, found)
    return redirect(url_for("admin.home", **_args(period), drafted=path.name))


@bp.post("/admin/groups/merge")
@login_required("admin")
def merge_groups():  # noqa: ANN201
    """Merge the groups named in `keys` (space-separated) into the first."""
    period = _period()
    keys = request.form.get("keys", "").split()
    survivor = merge(db(), keys)
    return redirect(url_for("admin.home", **_args(period), merged=survivor))


@bp.post("/admin/groups/split")
@login_required("admin")
def split_group():  # noqa: ANN201
    """Move one wording of group `key` into a group of its own."""
    period = _period()
    user = current_user()
    new = split(db(), request.form.get("key", ""), request.form.get("wording", ""),
                by=user.name if user else None)
    return redirect(url_for("admin.home", **_args(period), split=new))
