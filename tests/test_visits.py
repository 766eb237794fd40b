"""Only visits record on GET: not HEAD, not crawlers or link previews (`kbsite.visits`)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kb.db import events
from kbsite.visits import is_bot

ARTICLE = "/articles/refund-request"
SEARCH = "/search?q=환불"
BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/124.0.0.0 Safari/537.36")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
KAKAO_PREVIEW = "facebookexternalhit/1.1; kakaotalk-scrap/1.0; +https://devtalk.kakao.com/"


def rows(app, type: str | None = None) -> int:  # noqa: ANN001, A002
    """Rows in the app's `events` table (of one type, if given)."""
    query = select(func.count()).select_from(events)
    if type is not None:
        query = query.where(events.c.type == type)
    with app.extensions["answerloop.db"].connect() as conn:
        return conn.execute(query).scalar_one()


def test_browser_get_records_one_view(app, client) -> None:  # noqa: ANN001
    before, views = rows(app), rows(app, "article_view")
    assert client.get(ARTICLE, headers={"User-Agent": BROWSER}).status_code == 200
    assert rows(app, "article_view") == views + 1
    assert rows(app) == before + 1


def test_head_records_nothing_and_has_no_body(app, client) -> None:  # noqa: ANN001
    before = rows(app)
    response = client.head(ARTICLE, headers={"User-Agent": BROWSER})
    assert response.status_code == 200
    assert response.get_data() == b""
    assert client.head(SEARCH, headers={"User-Agent": BROWSER}).status_code == 200
    assert rows(app) == before


@pytest.mark.parametrize("agent", [GOOGLEBOT, KAKAO_PREVIEW])
def test_crawlers_and_link_previews_record_nothing(app, client, agent: str) -> None:  # noqa: ANN001
    before = rows(app)
    page = client.get(ARTICLE, headers={"User-Agent": agent}).get_data(as_text=True)
    assert "<h1>환불은 어떻게 신청하나요?</h1>" in page  # they still get the page
    assert client.get(SEARCH, headers={"User-Agent": agent}).status_code == 200
    assert rows(app) == before


def test_browser_search_still_records(app, client) -> None:  # noqa: ANN001
    before = rows(app, "search")
    client.get(SEARCH, headers={"User-Agent": BROWSER})
    assert rows(app, "search") == before + 1


@pytest.mark.parametrize(("agent", "bot"), [
    (GOOGLEBOT, True),
    (KAKAO_PREVIEW, True),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", True),
    ("Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)", True),
    ("Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html)", True),
    ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", True),
    ("Twitterbot/1.0", True),
    ("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5", True),
    ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", True),
    ("Sogou web spider/4.0", True),
    (BROWSER, False),
    # People in apps: KakaoTalk's in-app browser, the Daum app, a CUBOT phone.
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.4.5", False),
    ("Mozilla/5.0 (Linux; Android 13; SM-S911N) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0 Mobile Safari/537.36 DaumApps/8.6.0 DaumDevice/mobile", False),
    ("Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0 Mobile Safari/537.36", False),
    ("", False),
])
def test_is_bot(agent: str, bot: bool) -> None:
    assert is_bot(agent) is bot
