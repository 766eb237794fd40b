"""KakaoTalk replies: Kakao i 오픈빌더 skill responses (version "2.0") built from scenario turns
and search answers, within `kakao_limits.yaml` (this module applies the limits; `chatbot.kakao`
checks content against the same numbers and the same layout, `quick_layout`).

Pure: no Flask, no search, no store. The web layer (`kbsite.kakao`) decides what to say and
hands in cards and channel lines; everything here returns plain dicts ready for JSON.

Quick replies carry where they lead in `extra`, which KakaoTalk hands back as the next
request's `action.clientExtra`: `{"scenario": id, "path": [0, 2]}` for a scenario node
(`"page": n` for the n-th "더보기" page), `{"handoff": true}` for a person.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chatbot import kakao_messages as _messages  # noqa: F401 - registers kakao_*
from chatbot.engine import Turn
from chatbot.kakao_limits import ELLIPSIS, Limits, article_url, load, plain, shorten
from chatbot.model import Scenario
from kb.core.catalogue import message

VERSION = "2.0"


@dataclass(frozen=True)
class Card:
    """An article as KakaoTalk shows it: title, summary, its page."""

    title: str
    description: str
    url: str


@dataclass(frozen=True)
class Style:
    """How replies are written: the help center's address, language, and optional extras."""

    base_url: str
    lang: str = "ko"
    block_id: str = ""  # quick replies call this 오픈빌더 block (action "block") if set
    image: str = ""  # absolute image URL: cards become basicCards (which need a thumbnail)
    limits: Limits | None = None

    @property
    def rules(self) -> Limits:
        return self.limits or load()

    def say(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)


# --- pieces ------------------------------------------------------------------------------


def text(body: str, style: Style, link: str = "") -> dict:
    """A simpleText; past the limit it is cut with "…" and `link` added (truncate_link)."""
    limit = style.rules.max("simple_text")
    body = body.strip() or ELLIPSIS
    if len(body) > limit:
        tail = f"\n{link}" if link else ""
        body = body[: limit - 1 - len(tail)].rstrip() + ELLIPSIS + tail
    return {"simpleText": {"text": body}}


def _cut(body: str, limit: int) -> str:
    return body if len(body) <= limit else body[: limit - 1].rstrip() + ELLIPSIS


def card(item: Card, style: Style) -> dict:
    """One article: a basicCard with the site's image, else a textCard (a basicCard needs a
    thumbnail); the title and description cut to fit, a button to the article."""
    rules = style.rules
    button = {"action": "webLink", "label": shorten(style.say("kakao_open_article"),
                                                   rules.max("label")), "webLinkUrl": item.url}
    title = _cut(item.title, rules.max("card_title"))
    if style.image:
        return {"basicCard": {
            "title": title, "description": _cut(item.description, rules.max("card_description")),
            "thumbnail": {"imageUrl": style.image}, "buttons": [button]}}
    room = rules.max("text_card") - len(title)
    return {"textCard": {"title": title, "description": _cut(item.description, room),
                         "buttons": [button]}}


def card_list(items: Sequence[Card], style: Style, header: str, more_url: str = "") -> dict:
    """Several articles: a listCard (≤ 5 items), or a carousel of listCards when there are
    more (each ≤ 4 items, ≤ 5 lists); a button to every result if `more_url`."""
    rules = style.rules

    def item(c: Card) -> dict:
        return {"title": _cut(c.title, rules.max("card_title")),
                "description": _cut(c.description, rules.max("card_description")),
                "link": {"web": c.url}}

    buttons = ([{"action": "webLink", "label": shorten(style.say("kakao_all_results"),
                                                      rules.max("label")),
                 "webLinkUrl": more_url}] if more_url else [])
    if len(items) <= rules.max("list_items"):
        body: dict = {"header": {"title": _cut(header, rules.max("card_title"))},
                      "items": [item(c) for c in items]}
        if buttons:
            body["buttons"] = buttons
        return {"listCard": body}
    size = rules.max("carousel_list_items")
    chunks = [items[i:i + size] for i in range(0, len(items), size)][:rules.max("carousel_lists")]
    lists = []
    for chunk in chunks:
        body = {"header": {"title": _cut(header, rules.max("card_title"))},
                "items": [item(c) for c in chunk]}
        if buttons:
            body["buttons"] = buttons
        lists.append(body)
    return {"carousel": {"type": "listCard", "items": lists}}


def quick(label: str, extra: dict, style: Style) -> dict:
    """A quick reply: the label cut to fit, the full label sent as the customer's words,
    `extra` coming back as the next request's clientExtra."""
    reply = {"label": shorten(label, style.rules.max("label")),
             "action": "block" if style.block_id else "message",
             "messageText": label[: style.rules.max("simple_text")]}
    if style.block_id:
        reply["blockId"] = style.block_id
    reply["extra"] = extra
    return reply


def size(body: dict) -> int:
    """The response's size in bytes as sent (UTF-8 JSON)."""
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def response(outputs: Sequence[dict], quick_replies: Sequence[dict], style: Style) -> dict:
    """The skill response: ≤ 3 outputs, ≤ 10 quick replies, within the size limit (outputs
    dropped from the end until it fits; then one short text)."""
    rules = style.rules
    kept = list(outputs)[: rules.max("outputs")] or [text("", style)]
    template: dict = {"outputs": kept}
    if quick_replies:
        template["quickReplies"] = list(quick_replies)[: rules.max("quick_replies")]
    body = {"version": VERSION, "template": template}
    while size(body) > rules.max("response_bytes") and len(kept) > 1:
        kept.pop()
    if size(body) > rules.max("response_bytes"):
        template["outputs"] = [text(_cut(_first_text(kept), 200), style)]
        template.pop("quickReplies", None)
    return body


def _first_text(outputs: Sequence[dict]) -> str:
    for output in outputs:
        if "simpleText" in output:
            return output["simpleText"]["text"]
    return ELLIPSIS


# --- scenario screens ----------------------------------------------------------------------


def _handoff_leaf(scenario: Scenario, path: tuple[int, ...]) -> bool:
    """Whether the options at `path` already include a person (a handoff leaf)."""
    options = scenario.options
    for index in path:
        options = options[index].options or ()
    return any(n.handoff and n.options is None for n in options)


def navigation(scenario: Scenario, turn: Turn, style: Style, *, person: bool = True
               ) -> list[dict]:
    """뒤로 (two levels down), 처음으로 (below the first screen), 상담원 연결 (unless `person`
    is False, or an option here is one and every option fits on the first page)."""
    out = []
    if len(turn.path) >= 2:
        out.append(quick(style.say("kakao_back_label"),
                         {"scenario": scenario.id, "path": list(turn.path[:-1])}, style))
    if turn.path:
        out.append(quick(style.say("kakao_home_label"), {"scenario": scenario.id, "path": []},
                         style))
    fits = len(turn.options) <= style.rules.max("quick_replies") - len(out)
    if person and not (turn.options and fits and _handoff_leaf(scenario, turn.path)):
        out.append(quick(style.say("kakao_handoff_label"), {"handoff": True}, style))
    return out


def quick_layout(n_options: int, n_nav: int, limit: int) -> tuple[int, bool]:
    """(options shown per page, whether a "더보기" page is needed) for a screen with
    `n_options` options and `n_nav` navigation replies under a limit of `limit`."""
    room = limit - n_nav
    if n_options <= room:
        return n_options, False
    return max(1, room - 1), True


def screen(scenario: Scenario, turn: Turn, style: Style, *,
           article: Callable[[str], Card | None], handoff: Sequence[str] = (),
           page: int = 0) -> dict:
    """What KakaoTalk shows for an engine turn: its words, its options as quick replies (the
    rest behind "더보기"), an ending's answer, article card and hand-off channels."""
    nav = navigation(scenario, turn, style, person=not (turn.is_ending and turn.handoff))
    outputs: list[dict] = []
    quick_replies: list[dict] = []
    if turn.options:
        shown, more = quick_layout(len(turn.options), len(nav), style.rules.max("quick_replies"))
        start = page * shown if more else 0
        if start and start < len(turn.options):
            outputs.append(text(style.say("kakao_more"), style))
        elif turn.path:
            outputs.append(text(style.say("kakao_pick", label=turn.message), style))
        else:
            outputs.append(text(turn.message, style, link=style.base_url))
        for option in turn.options[start:start + shown]:
            quick_replies.append(quick(option.label, {"scenario": scenario.id,
                                                      "path": [*turn.path, option.index]},
                                       style))
        if more and start + shown < len(turn.options):
            quick_replies.append(quick(style.say("kakao_more_label"), {
                "scenario": scenario.id, "path": list(turn.path), "page": page + 1}, style))
    else:
        cards = [c for c in (article(a) for a in turn.articles) if c is not None]
        link = cards[0].url if cards else style.base_url
        if turn.answer and turn.answer.strip():
            outputs.append(text(plain(turn.answer, style.base_url), style, link=link))
        outputs += [card(c, style) for c in cards]
        if turn.handoff:
            outputs.append(text("\n".join(handoff), style))
        if not outputs:
            outputs.append(text(turn.message, style))
    return response(outputs, quick_replies + nav, style)


def article_card(base_url: str, article_id: str, title: str, summary: str) -> Card:
    """A `Card` for an article of the help center at `base_url`."""
    return Card(title, summary, article_url(base_url, article_id))
