"""Is this request a visit? The one rule for what a GET may record (views, searches).

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

import re

from flask import Request

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
