"""Is this request a visit? The one rule for what a GET may record (views, searches), and
`record_visit`, which records one best-effort and within a per-client limit.

A visit is a GET from a person's browser. These are not visits, and record nothing:

- HEAD requests (Flask runs the GET view for them; only the body is dropped);
- the static export (`kb build`), which renders every page through the test client and
  marks each request with `EXPORT_KEY` in the WSGI environ;
- crawlers and link-preview fetchers, told by their User-Agent (`BOT_MARKERS`).

A link pasted into KakaoTalk or Slack is fetched once for its preview card
(`kakaotalk-scrap`, `Slackbot-LinkExpanding`); that is not someone reading the article.
KakaoTalk's in-app browser (`KAKAOTALK` without `-scrap`) and the Daum app (`DaumApps`)
are people, so the markers are chosen not to match them.
"""

from __future__ import annotations

import logging
import re

from flask import Request, current_app
from flask_limiter.util import get_remote_address
from limits import parse
from sqlalchemy.exc import SQLAlchemyError

from kb.insights.events import record_many

log = logging.getLogger(__name__)

# Set (to True) in the WSGI environ of every request the static export makes.
EXPORT_KEY = "answerloop.export"

# Lower-case User-Agent fragments of crawlers and preview fetchers; any one is enough.
BOT_MARKERS = (
    "googlebot",             # Google search
    "bingbot",               # Bing
    "yeti/",                 # Naver search (Yeti/1.1)
    "daum/",                 # Daum search (Daum/4.1); not the Daum app (DaumApps/…)
    "kakaotalk-scrap",       # KakaoTalk link preview; not its in-app browser (KAKAOTALK …)
    "facebookexternalhit",   # Facebook, Instagram and LINE link previews
    "slackbot",              # Slack link preview (Slackbot-LinkExpanding)
    "twitterbot",            # X/Twitter cards
    "bot",                   # the rest: Applebot, Discordbot, TelegramBot, AhrefsBot, …
    "crawler",
    "spider",
    "preview",               # SkypeUriPreview and other "…Preview" fetchers
)

# "bot" also ends the Android phone model CUBOT ("…; CUBOT X19) …"): a person, not a bot.
_BOT = re.compile("|".join(re.escape(m) if m != "bot" else r"(?<!cu)bot" for m in BOT_MARKERS))


def is_bot(user_agent: str) -> bool:
    """True if `user_agent` names a crawler or a link-preview fetcher (see BOT_MARKERS)."""
    return _BOT.search(user_agent.lower()) is not None


def is_visit(request: Request) -> bool:
    """True for a GET by a person: not HEAD, not the static export, not a crawler."""
    return (request.method == "GET" and not request.environ.get(EXPORT_KEY)
            and not is_bot(request.headers.get("User-Agent", "")))


# Recorded GETs per client: beyond this a page is still served, its visit not recorded,
# so nobody can flood the write-next queue or the database by reloading a page.
VISIT_LIMIT = parse("60 per minute")
# app.extensions key: how many visits were not recorded, by reason ("store", "limit").
LOST_KEY = "answerloop.visits_lost"


def _lost(reason: str) -> None:
    lost = current_app.extensions.setdefault(LOST_KEY, {"store": 0, "limit": 0})
    lost[reason] += 1


def record_visit(row: dict[str, object]) -> bool:
    """Record one visit event, best-effort: over the per-client limit or with the store
    unwritable (read-only, full, failing over) it is logged, counted in LOST_KEY and
    dropped, and the reader gets the page all the same. True if stored."""
    limiter = current_app.extensions.get("answerloop.ratelimit")
    try:
        allowed = limiter is None or limiter.limiter.hit(VISIT_LIMIT, "visits",
                                                         get_remote_address())
    except Exception as exc:  # noqa: BLE001 - the limit's storage (Redis) is down: count anyway
        log.warning("visit limit not checked: %s", type(exc).__name__)
        allowed = True
    if not allowed:
        _lost("limit")
        return False
    try:
        record_many(current_app.extensions["answerloop.db"], [row])
    except SQLAlchemyError as exc:
        _lost("store")
        log.warning("visit not recorded (%s): %s", row.get("type"),
                    str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)
        return False
    return True
