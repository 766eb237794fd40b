"""The JSON API, version 1. Errors: `{"ok": false, "error": ..., "status": N}`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from chatbot.model import Node, Scenario
from kb.models import Article
from kb.render import render
from kbsite.errors import api_error
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
        return api_error(404, f"no article '{article_id}'")
    return jsonify({"ok": True, "article": article_json(found)})


@bp.get("/scenarios/<scenario_id>")
def get_scenario(scenario_id: str):  # noqa: ANN201
    found = content().scenarios.get(scenario_id)
    if found is None:
        return api_error(404, f"no scenario '{scenario_id}'")
    return jsonify({"ok": True, "scenario": scenario_json(found)})
