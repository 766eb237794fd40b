"""The online manual: home, categories, articles, images, health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from chatbot import scenarios
from kb.insights import followups
from kb.insights.events import article_stats, most_viewed, record
from kb.search import clean_query
from kbsite.auth import current_user, db
from kbsite.i18n import current_lang
from kbsite.params import text_param
from kbsite.searching import SearchUnavailable, search_service
from kbsite.store import content
from kbsite.visits import is_visit, record_visit

bp = Blueprint("manual", __name__)



@bp.get("/")
def home():  # noqa: ANN201
    c = content()
    tops = c.children(None)
    counts = {cat.id: _count(cat.id) for cat in c.categories.values()}
    popular = [a for a in (c.article(aid) for aid, _ in most_viewed(db(), 8)) if a][:5]
    return render_template("manual/home.html", site=c.site, categories=tops, counts=counts,
                           popular=popular)


def _count(category_id: str) -> int:
    c = content()
    own = len(c.in_category(category_id))
    return own + sum(_count(child.id) for child in c.children(category_id))


@bp.get("/categories/<category_id>")
def category(category_id: str):  # noqa: ANN201
    c = content()
    cat = c.categories.get(category_id)
    if cat is None:
        abort(404)
    return render_template(
        "manual/category.html", site=c.site, category=cat, trail=c.breadcrumbs(cat.id)[:-1],
        children=c.children(cat.id), articles=c.in_category(cat.id),
        counts={child.id: _count(child.id) for child in c.children(cat.id)},
    )


def _is_agent() -> bool:
    """Agents and admins see an article's numbers; anonymous readers and viewers do not."""
    user = current_user()
    return user is not None and user.can("agent")


@bp.get("/articles/<article_id>")
def article(article_id: str):  # noqa: ANN201
    c = content()
    found = c.article(article_id)
    if found is None:
        if article_id in c.aliases:
            return redirect(url_for("manual.article", article_id=c.aliases[article_id]), 301)
        abort(404)
    g.lang = found.lang
    ref = request.args.get("ref")  # ?ref=agent: pasted by an agent; ?ref=kakao: from KakaoTalk
    source = ref if ref in ("agent", "kakao") else "manual"
    if is_visit(request):  # not HEAD, the static export, crawlers or link previews
        record_visit({"type": "article_view", "article": found.id, "source": source})
    return render_template(
        "manual/article.html", site=c.site, article=found,
        category=c.categories.get(found.category), trail=c.breadcrumbs(found.category),
        related=c.related(found), translations=c.translations(found),
        canonical=c.site.base_url.rstrip("/") + found.url,
        og_image=_absolute(c.site.og_image), thanks=request.args.get("thanks") == "1",
        notify_error=request.args.get("notify_error") == "1",
        notify_days=followups.RETENTION_DAYS,
        staff=article_stats(db(), [found.id])[found.id] if _is_agent() else None,
    )


@bp.post("/articles/<article_id>/feedback")
def feedback(article_id: str):  # noqa: ANN201
    """"도움이 되었나요?" — works without JavaScript; CSRF-checked; rate-limited."""
    found = content().article(article_id)
    if found is None:
        abort(404)
    helpful = request.form.get("helpful")
    if helpful not in ("yes", "no"):
        abort(400, "helpful must be yes or no")
    comment = (request.form.get("comment") or "").strip()[:1000] or None
    if request.form.get("notify") == "1":  # "개선되면 알려주세요": kept apart, for that only
        try:
            followups.record(db(), request.form.get("email", ""), comment or found.title,
                             source="article", article=found.id, lang=current_lang())
        except followups.FollowupError:
            return redirect(url_for("manual.article", article_id=found.id, notify_error=1)
                            + "#feedback")
    record(db(), "vote", article=found.id, source="manual", helpful=int(helpful == "yes"),
           comment=comment)
    return redirect(url_for("manual.article", article_id=found.id, thanks=1) + "#feedback")


def _absolute(url: str) -> str:
    base = content().site.base_url.rstrip("/")
    return base + url if url.startswith("/") else url


@bp.get("/sitemap.xml")
def sitemap():  # noqa: ANN201
    c = content()
    base = c.site.base_url.rstrip("/")
    urls = [(base + "/", None)]
    urls += [(f"{base}/categories/{cat.id}", None) for cat in c.categories.values()]
    urls += [(base + a.url, a.updated) for a in c.published()]
    xml = render_template("manual/sitemap.xml", urls=urls)
    return current_app.response_class(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():  # noqa: ANN201
    base = content().site.base_url.rstrip("/")
    text = ("User-agent: *\nDisallow: /agent\nDisallow: /admin\nDisallow: /login\n"
            f"Disallow: /api/\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n")
    return current_app.response_class(text, mimetype="text/plain")


@bp.get("/search")
def search_page():  # noqa: ANN201
    c = content()
    query = clean_query(text_param("q"))
    # Scoped to the page's language unless the reader asks for all (`?all=1`).
    everywhere = request.args.get("all") == "1" or len(c.site.languages) < 2
    hits, suggestion, unavailable = [], None, False
    if query.strip():
        try:
            hits = search_service().search(
                query, limit=20, lang=None if everywhere else current_lang())
            suggestion = search_service().did_you_mean(query)
            # Cookie-less: no session, so these count as asks (failed when no hits).
            if is_visit(request):
                record_visit({"type": "search", "query": query, "source": "manual",
                              "hits": " ".join(h.id for h in hits[:20])})
        except SearchUnavailable:
            unavailable = True
    return render_template("manual/search.html", site=c.site, query=query, hits=hits,
                           suggestion=suggestion, unavailable=unavailable,
                           categories=c.categories, everywhere=everywhere)


@bp.get("/images/<path:name>")
def image(name: str):  # noqa: ANN201
    response = send_from_directory(content().root.resolve() / "images", name, max_age=3600)
    # Content images may be SVG: never let one run script on our origin.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/healthz")
def healthz():  # noqa: ANN201
    c = content()
    return jsonify({"ok": True, "articles": len(c.published()), "scenarios": len(scenarios(c)),
                    "errors": len(c.errors)})
