"""The KakaoTalk channel's chat-room menu: the most asked questions that have articles, each
as a button label of at most 14 characters and the article's address.

`menu(gaps, titles, base_url)` takes the question groups of a period (`kb.insights.gaps`,
each with `key`, `question`, `count` and the `article` that answers it) and adds up the asks
per article: an article answering several groups counts all their asks. Ranked by asks, then
article id: a total order, so the same statistics always give the same menu.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from chatbot.kakao_limits import article_url, load, shorten

SIZE = 10  # buttons in the channel's menu (the quick replies' limit)


class Asked(Protocol):
    key: str
    question: str
    count: int
    article: str | None


@dataclass(frozen=True)
class MenuItem:
    rank: int
    label: str  # ≤ the label limit
    question: str  # the most asked wording behind it
    article: str
    url: str
    count: int  # asks in the period

    def as_dict(self) -> dict[str, object]:
        return {"rank": self.rank, "label": self.label, "question": self.question,
                "article": self.article, "url": self.url, "asks": self.count}


def label_for(title: str, question: str, limit: int) -> str:
    """The article's title if it fits, else the customers' wording if that fits, else the
    title cut with "…"."""
    for candidate in (" ".join(title.split()), " ".join(question.split())):
        if candidate and len(candidate) <= limit:
            return candidate
    return shorten(title or question, limit)


def menu(gaps: Iterable[Asked], titles: Mapping[str, str], base_url: str,
         size: int = SIZE) -> list[MenuItem]:
    """The `size` most asked articles of the period (only articles still published:
    `titles` maps their ids to titles)."""
    limit = load().max("label")
    counts: dict[str, int] = {}
    wording: dict[str, tuple[int, str, str]] = {}  # article → (-count, key, question)
    for gap in gaps:
        if not gap.article or gap.article not in titles:
            continue
        counts[gap.article] = counts.get(gap.article, 0) + gap.count
        candidate = (-gap.count, gap.key, gap.question)
        if gap.article not in wording or candidate < wording[gap.article]:
            wording[gap.article] = candidate
    ranked = sorted(counts, key=lambda a: (-counts[a], a))[:size]
    return [MenuItem(rank, label_for(titles[a], wording[a][2], limit), wording[a][2], a,
                     article_url(base_url, a), counts[a])
            for rank, a in enumerate(ranked, start=1)]
