"""The JSON API, version 1. Errors: `{"ok": false, "error": ..., "status": N}`.

A `KbError` raised below a view (a bad parameter, search unavailable) is answered in that
shape by `kbsite.errors`, its message in the request's language.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from chatbot import scenarios
from chatbot.engine import closest
from chatbot.model import Node, Scenario
from kb.content.models import Article
from kb.content.render import render
from kb.core.catalogue import t
from kb.search import CONFIDENT, Hit, clean_query
from kbsite.errors import api_error
from kbsite.params import int_param, lang_param, text_param
from kbsite.searching import search_service
from kbsite.store import content

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "title": article.title, "url": article.url,
        "category": article.category, "tags": list(article.tags), "summary": article.summary,
        "questions": list(article.questions), "lang": article.lang,
        "updated": article.updated.isoformat() if article.updated else None,
        "html": article.html,
        "toc": [{"level": h.level, "anchor": h.anchor, "text": h.text} for h in article.toc],
    }


def node_json(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"label": node.label}
    if node.options is not None:
        data["options"] = [node_json(child) for child in node.options]
    if node.answer:
        data["answer_html"] = render(node.answer).html
    if node.article:
        data["article"] = node.article
    if node.handoff:
        data["handoff"] = True
    return data


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    return {"id": scenario.id, "title": scenario.title, "greeting": scenario.greeting,
            "lang": scenario.lang, "options": [node_json(n) for n in scenario.options]}


@bp.get("/articles/<article_id>")
def get_article(article_id: str):  # noqa: ANN201
    c = content()
    found = c.article(article_id) or c.article(c.aliases.get(article_id, ""))
    if found is None:
        return api_error(404, t("api_no_article", id=article_id))
    return jsonify({"ok": True, "article": article_json(found)})


@bp.get("/scenarios/<scenario_id>")
def get_scenario(scenario_id: str):  # noqa: ANN201
    found = scenarios(content()).get(scenario_id)
    if found is None:
        return api_error(404, t("api_no_scenario", id=scenario_id))
    response = jsonify({"ok": True, "scenario": scenario_json(found)})
    response.headers["Cache-Control"] = "public, max-age=60"
    response.add_etag()
    return response.make_conditional(request)


SEARCH_LIMIT = (1, 50)


def hit_json(hit: Hit) -> dict[str, Any]:
    return {"id": hit.id, "title": hit.title, "url": hit.url, "summary": hit.summary,
            "snippet": hit.snippet, "score": hit.score, "category": hit.category,
            "lang": hit.lang, "confidence": hit.confidence}


@bp.get("/search")
def search():  # noqa: ANN201
    q = text_param("q")
    limit = int_param("limit", 10, *SEARCH_LIMIT)
    lang = lang_param(content().site.languages)
    query = clean_query(q)
    if not query.strip():
        return jsonify({"ok": True, "query": query, "hits": [], "confidence": 0.0,
                        "confident": False})
    hits = search_service().search(query, limit=limit, lang=lang)  # SearchUnavailable: 503
    # The top hit's confidence (kb.search.query.confidence); below CONFIDENT a channel
    # should say it is not sure rather than answer.
    sure = hits[0].confidence if hits else 0.0
    body: dict[str, Any] = {"ok": True, "query": query, "hits": [hit_json(h) for h in hits],
                            "confidence": sure, "confident": sure >= CONFIDENT}
    # Not sure, and the caller is in a scenario (?scenario=main): the branch the question
    # probably belongs to, as a path of option indexes (chatbot.engine.closest).
    found = scenarios(content()).get(text_param("scenario")) if sure < CONFIDENT else None
    if found is not None:
        near = closest(found, query, [h.id for h in hits])
        body["closest"] = list(near) if near is not None else None
    return jsonify(body)


@bp.get("/autocomplete")
def autocomplete():  # noqa: ANN201
    q = text_param("q")
    limit = int_param("limit", 8, 1, 20)
    lang = lang_param(content().site.languages)
    query = clean_query(q)
    if not query.strip():
        return jsonify({"ok": True, "query": query, "suggestions": []})
    found = search_service().autocomplete(query, limit=limit, lang=lang)
    return jsonify({"ok": True, "query": query,
                    "suggestions": [{"id": s.id, "title": s.title, "url": s.url}
                                    for s in found]})
