"""KakaoTalk: the Kakao i 오픈빌더 skill endpoint and a preview of its replies for staff.

오픈빌더 posts every utterance its fallback block gets to `POST /api/v1/channels/kakao/skill`;
the answer comes from the same articles, scenarios and search confidence as the widget, built
within KakaoTalk's limits by `chatbot.skill`, and the same events are recorded with source
`kakao` (so KakaoTalk asks reach the write-next queue). A request that is refused (wrong
secret, not JSON, no `userRequest`) is a 400/401 in the API's error shape and records nothing;
a question that cannot be answered is still a KakaoTalk reply, never a 5xx.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, render_template, request

from chatbot import scenarios
from chatbot.engine import InvalidChoice, Turn, closest, start, turn_at
from chatbot.kakao_limits import shorten
from chatbot.model import Scenario
from chatbot.skill import (
    Card,
    Style,
    article_card,
    card,
    card_list,
    quick,
    response,
    screen,
    size,
    text,
)
from kb.core.catalogue import t
from kb.db import STORE_DOWN
from kb.errors import KbError
from kb.insights.events import record_many, validate_batch
from kb.search import CONFIDENT, Hit, clean_query
from kb.search.query import CLEAR_MARGIN
from kbsite.auth import db, login_required
from kbsite.params import json_body
from kbsite.searching import SearchUnavailable, search_service
from kbsite.store import content
from kbsite.widget import channels_now

log = logging.getLogger(__name__)
bp = Blueprint("kakao", __name__)
SECRET_HEADER = "X-Answerloop-Secret"
MAX_BODY = 64 * 1024  # a real skill request is a few KB
MAX_UTTERANCE = 1000  # characters; a longer "question" is answered with a request to shorten
HITS = 5  # a listCard's items


class SkillRefused(KbError):
    """The call did not come from our 오픈빌더 bot (wrong or missing shared secret)."""

    status = 401


@dataclass(frozen=True)
class SkillRequest:
    """What we read from a skill request: the words, who (hashed), and the button's extra."""

    utterance: str
    user: str
    lang: str = "ko"
    extra: dict = field(default_factory=dict)


def _field(value: object, name: str, kind: type) -> object:
    if not isinstance(value, kind):
        raise KbError("kakao_bad_request", field=name)
    return value


def parse(payload: object) -> SkillRequest:
    """The parts of a skill payload we use; 400 naming the first missing or mistyped one."""
    body = _field(payload, "body", dict)
    user_request = _field(body.get("userRequest"), "userRequest", dict)
    utterance = _field(user_request.get("utterance", ""), "userRequest.utterance", str)
    user = _field(user_request.get("user"), "userRequest.user", dict)
    user_id = _field(user.get("id"), "userRequest.user.id", str)
    action = body.get("action")
    extra = action.get("clientExtra") if isinstance(action, dict) else None
    lang = "en" if str(user_request.get("lang") or "").lower().startswith("en") else "ko"
    return SkillRequest(utterance, user_id, lang, extra if isinstance(extra, dict) else {})


def check_secret() -> None:
    """With KB_KAKAO_SECRET set, the request must carry it (compared in constant time)."""
    secret = current_app.config.get("KAKAO_SECRET") or ""
    if not secret:
        return
    given = request.headers.get(SECRET_HEADER, "")
    try:  # WSGI hands header bytes over as latin-1 text: compare the bytes that were sent
        sent = given.encode("latin-1")
    except UnicodeEncodeError:
        sent = given.encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(sent, secret.encode("utf-8")):
        raise SkillRefused("kakao_secret_wrong", header=SECRET_HEADER)


def session_of(user_id: str) -> str:
    """A stable, opaque session key for a KakaoTalk user (the botUserKey is never stored)."""
    return "kakao:" + hashlib.sha256(user_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# --- answering -----------------------------------------------------------------------------


@dataclass
class Reply:
    body: dict
    events: list[dict] = field(default_factory=list)


def style_for(lang: str) -> Style:
    site = content().site
    base = site.base_url.rstrip("/")
    image = site.og_image
    if image.startswith("/"):
        image = base + image
    return Style(base_url=base, lang=lang, block_id=current_app.config.get("KAKAO_BLOCK_ID") or "",
                 image=image if image.startswith(("http://", "https://")) else "")


def channel_lines(style: Style, now: dt.datetime | None = None,
                  skip: tuple[str, ...] = ()) -> list[str]:
    """The site's hand-off channels, one line each, with whether a person answers now (the
    widget's words: `kbsite.widget.channels_now`), and the after-hours notice."""
    found = channels_now(style.lang, now)
    lines = [style.say("kakao_handoff")]
    for channel in found["channels"]:
        if channel["type"] in skip:
            continue
        url = str(channel["url"]).replace("{question}", "")  # no question to pass on here
        target = url.removeprefix("tel:").removeprefix("mailto:") or style.base_url
        label = str(channel["label"])
        line = f"• {label}" + ("" if target in label else f": {target}")
        if channel["hours"]:
            line += f" ({channel['hours']})"
        if channel["status"]:
            line += f" · {channel['status']}"
        lines.append(line)
    if found["notice"]:
        lines.append(str(found["notice"]))
    if not found["channels"]:
        lines = [style.say("kakao_no_channels", url=style.base_url)]
    return lines


def _article(style: Style):  # noqa: ANN202
    c = content()

    def find(article_id: str) -> Card | None:
        found = c.article(article_id)
        return article_card(style.base_url, found.id, found.title, found.summary) if found else None

    return find


def _scenario(extra: dict) -> Scenario | None:
    found = scenarios(content())
    wanted = extra.get("scenario")
    if isinstance(wanted, str) and wanted in found:
        return found[wanted]
    return found.get(content().site.widget.scenario)


def _menu(scenario: Scenario | None, style: Style, words: str) -> dict:
    """`words`, then the first screen's options and a person as quick replies."""
    if scenario is None:
        return response([text(words, style)], [quick(style.say("kakao_handoff_label"),
                                                     {"handoff": True}, style)], style)
    first = start(scenario)
    body = screen(scenario, first, style, article=_article(style))
    body["template"]["outputs"] = [text(words, style)]
    return body


def _step(scenario: Scenario, turn: Turn, style: Style, session: str, page: int) -> Reply:
    lines = channel_lines(style) if turn.handoff else []
    body = screen(scenario, turn, style, article=_article(style), handoff=lines, page=page)
    events = []
    if turn.path and not page:
        events.append({"type": "scenario_step", "scenario": scenario.id,
                       "path": list(turn.labels), "source": "kakao", "session": session})
        if turn.is_ending and turn.handoff:
            events.append({"type": "handoff", "source": "kakao", "session": session})
    return Reply(body, events)


def _path(extra: dict) -> tuple[tuple[int, ...], int] | None:
    path, page = extra.get("path"), extra.get("page", 0)
    if not isinstance(path, list) or len(path) > 3 or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in path):
        return None
    page = page if isinstance(page, int) and not isinstance(page, bool) and 0 <= page < 50 else 0
    return tuple(path), page


def _by_label(scenario: Scenario, words: str) -> tuple[int, ...] | None:
    """The first node (in reading order) whose label is exactly `words`: a quick reply
    pressed where KakaoTalk did not pass its extra."""
    stack = [((i,), n) for i, n in reversed(list(enumerate(scenario.options)))]
    while stack:
        path, node = stack.pop()
        if node.label == words:
            return path
        stack += [((*path, i), n) for i, n in reversed(list(enumerate(node.options or ())))]
    return None


def answer(req: SkillRequest) -> Reply:
    """The reply to one skill request and the events it should record (the caller records
    them; the preview does not). A button's extra decides first, then the words."""
    style = style_for(req.lang)
    scenario = _scenario(req.extra)
    session = session_of(req.user)
    words = " ".join(req.utterance.split())
    if req.extra.get("handoff") is True:
        return _handoff(scenario, style, session)
    if "path" in req.extra:
        found = _path(req.extra)
        if found is None or scenario is None:  # an extra we cannot read, or no scenario now
            return Reply(_menu(scenario, style, style.say("kakao_stale")))
        try:
            return _step(scenario, turn_at(scenario, found[0]), style, session, found[1])
        except InvalidChoice:
            return Reply(_menu(scenario, style, style.say("kakao_stale")))
    if words in {t("kakao_handoff_label").ko, t("kakao_handoff_label").en}:
        return _handoff(scenario, style, session)
    if not words or words in {t("kakao_home_label").ko, t("kakao_home_label").en}:
        greeting = scenario.greeting if scenario else content().site.widget.greeting
        return Reply(_menu(scenario, style, greeting))
    if len(words) > MAX_UTTERANCE:
        return Reply(_menu(scenario, style, style.say("kakao_too_long", max=MAX_UTTERANCE)))
    pressed = _by_label(scenario, words) if scenario is not None else None
    if pressed is not None:
        return _step(scenario, turn_at(scenario, pressed), style, session, 0)
    return _search(words, scenario, style, session)


def _handoff(scenario: Scenario | None, style: Style, session: str) -> Reply:
    """The channels as text; with 상담톡 (KB_KAKAO_OPERATOR) first a card whose button hands the
    chat to a person in KakaoTalk itself, and the KakaoTalk channel left out of the list."""
    if not current_app.config.get("KAKAO_OPERATOR"):
        outputs = [text("\n".join(channel_lines(style)), style)]
    else:
        lines = channel_lines(style, skip=("kakao",))
        lines[0] = style.say("kakao_operator_other")
        label = shorten(style.say("kakao_handoff_label"), style.rules.max("label"))
        operator = {"textCard": {"description": style.say("kakao_operator"),
                                 "buttons": [{"action": "operator", "label": label}]}}
        outputs = [operator] + ([text("\n".join(lines), style)] if len(lines) > 1 else [])
    body = response(outputs, _home_only(scenario, style), style)
    return Reply(body, [{"type": "handoff", "source": "kakao", "session": session}])


def _home_only(scenario: Scenario | None, style: Style) -> list[dict]:
    if scenario is None:
        return []
    return [quick(style.say("kakao_home_label"), {"scenario": scenario.id, "path": []}, style)]


def _search(words: str, scenario: Scenario | None, style: Style, session: str) -> Reply:
    query = clean_query(words)
    site = content().site
    lang = style.lang if style.lang in site.languages else None
    try:
        hits = search_service().search(query, limit=HITS, lang=lang)
    except SearchUnavailable:
        return Reply(_menu(scenario, style, style.say("kakao_search_down")))
    sure = bool(hits) and hits[0].confidence >= CONFIDENT  # the one confidence (kb.search)
    event = {"type": "search", "query": query, "hits": [h.id for h in hits] if sure else [],
             "source": "kakao", "session": session}
    home = _home_only(scenario, style)
    person = quick(style.say("kakao_handoff_label"), {"handoff": True}, style)
    if sure:
        close = [h for h in hits if h.score * CLEAR_MARGIN >= hits[0].score]
        cards = [_hit_card(h, style) for h in close]
        more = f"{style.base_url}/search?q={quote(query)}"
        output = (card(cards[0], style) if len(cards) == 1 else
                  card_list(cards, style, style.say("kakao_found_list"), more_url=more))
        return Reply(response([output], [*home, person], style), [event])
    offers = []
    if hits and scenario is not None:
        near = closest(scenario, query, [h.id for h in hits])
        if near is not None:
            node = turn_at(scenario, near)
            offers.append(quick(node.message, {"scenario": scenario.id, "path": list(near)},
                                style))
    said = style.say("kakao_unsure") if hits else style.say("kakao_none", query=query[:100])
    return Reply(response([text(said, style)], [*offers, *home, person], style), [event])


def _hit_card(hit: Hit, style: Style) -> Card:
    return article_card(style.base_url, hit.id, hit.title, hit.summary)


def record(events: list[dict]) -> None:
    """Store the reply's events (best effort: KakaoTalk still gets its answer if the store
    is down; a row that does not validate is a bug, logged, never stored half)."""
    if not events:
        return
    rows, error = validate_batch(events)
    if error is not None:
        log.error("kakao events not valid: %s", error.en)
        return
    try:
        record_many(db(), rows)
    except STORE_DOWN:
        log.warning("kakao events not recorded: the store is unavailable")


@bp.post("/api/v1/channels/kakao/skill")
def skill():  # noqa: ANN201
    """The skill: 401 without the shared secret, 400 for a body that is not a skill request;
    otherwise always a KakaoTalk reply (version 2.0) within the limits."""
    check_secret()
    reply = answer(parse(json_body(MAX_BODY)))
    record(reply.events)
    return jsonify(reply.body)


# --- the preview ---------------------------------------------------------------------------


def _preview_request() -> SkillRequest:
    extra: dict = {}
    if request.args.get("handoff"):
        extra = {"handoff": True}
    elif "path" in request.args:
        raw = request.args.get("path", "")
        try:
            path = [int(p) for p in raw.split(".") if p != ""]
            page = int(request.args.get("page", "0") or 0)
        except ValueError:
            path, page = [-1], 0
        extra = {"path": path, "page": page}
        if request.args.get("scenario"):
            extra["scenario"] = request.args["scenario"]
    lang = "en" if request.args.get("lang") == "en" else "ko"
    return SkillRequest(request.args.get("q", "")[:MAX_UTTERANCE + 1], "preview", lang, extra)


@bp.get("/channels/kakao/demo")
@login_required("agent")
def demo():  # noqa: ANN201
    """The reply KakaoTalk would show, as bubbles, for staff checking content (records
    nothing: a GET has no side effects)."""
    req = _preview_request()
    body = answer(req).body
    limit = style_for(req.lang).rules.max("response_bytes")
    return render_template(
        "kakao/demo.html", body=body, question=req.utterance, size=size(body), limit=limit,
        raw=json.dumps(body, ensure_ascii=False, indent=2),
        skill_url=content().site.base_url.rstrip("/") + "/api/v1/channels/kakao/skill",
        links=[_preview_link(q) for q in body["template"].get("quickReplies", [])])


def _preview_link(reply: dict) -> str:
    """Where a quick reply leads in the preview (its extra, as KakaoTalk would send it)."""
    extra = reply.get("extra") or {}
    said = "q=" + quote(reply.get("messageText", ""))  # shown as the customer's bubble
    if extra.get("handoff"):
        return f"?handoff=1&{said}"
    if "path" in extra:
        path = ".".join(str(i) for i in extra["path"])
        return (f"?path={path}&page={extra.get('page', 0)}"
                f"&scenario={quote(str(extra.get('scenario', '')))}&{said}")
    return "?" + said
