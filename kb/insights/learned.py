"""Learned questions: what a customer's search asked, read from what the customer did next.

A search followed in the same session, within `WINDOW`, by opening an article (a widget
`article_view` or a `search_click`) or an up-vote on it is evidence that the search's wording
asks that article's question — unless the session later handed off to a person (`handoff`,
`contact`) or voted the article down. Evidence is attributed to the latest search before the
click only (earlier wordings were given up on), and aggregated per (wording key, article):
distinct sessions (a session counts once, however often it clicks), the last time seen, and a
recency weight (each session's evidence halves every `HALF_LIFE_DAYS`). The key is
`kb.insights.questions.normalize`, so spacing and endings do not split a wording.

A session is *organic* evidence when the search had not shown that article first (the
customer passed another hit, or found the article elsewhere): the ranking prior counts only
those, so a click caused by the article's position — a promotion's included — adds nothing
to it (`Learning.table`).

Guards: a pair needs `min_sessions` sessions; a wording that looks like personal data (phone
number, e-mail address, order or tracking number, a long run of digits) is never kept — it is
dropped and counted; a wording that asks what the article's title or questions already ask is
skipped. Bots are rate-limited where events are posted. Everything sorts by a total order
(sessions, weight, last seen, key, article), so the same events give the same table whatever
order they were stored in. `add_questions` writes learned wordings into an article's
`questions:` front matter, changing nothing else in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path

import yaml
from sqlalchemy import Engine, select

from kb.db import events
from kb.insights import learned_messages as _messages  # noqa: F401 - registers the messages
from kb.insights.questions import normalize

WINDOW = dt.timedelta(minutes=30)  # a click this long after the search still answers it
HALF_LIFE_DAYS = 30.0
DAYS = 180  # evidence older than this is forgotten (a promotion nobody confirms ends)
MIN_SESSIONS = 3
_KINDS = ("search", "search_click", "article_view", "vote", "handoff", "contact")
_ENDS = ("handoff", "contact")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 010-1234-5678, 010 1234 5678, +82 10.1234.5678, 02-123-4567: digit groups with separators.
_DIGIT_RUN = re.compile(r"\+?\d+(?:[\s.\-)(]{1,2}\d+)+")


@lru_cache(maxsize=50_000)
def looks_personal(text: str) -> bool:
    """Whether a wording may hold personal data: an e-mail address, a phone number, an order
    or tracking number — any word with 6+ digits, or digit groups with 8+ digits in all."""
    text = unicodedata.normalize("NFKC", text)  # full-width ０１０ is 010
    if _EMAIL.search(text) or "@" in text:
        return True
    if any(sum(c.isdigit() for c in word) >= 6 for word in text.split()):
        return True
    return any(sum(c.isdigit() for c in run) >= 8 for run in _DIGIT_RUN.findall(text))


@dataclass(frozen=True)
class Learned:
    """One learned wording of an article's question, with its evidence."""

    key: str  # the wording's key (kb.insights.questions.normalize)
    article: str
    wording: str  # the text most sessions typed for this key and article (ties: the latest)
    sessions: int  # distinct sessions
    organic: int  # … of which the search had not shown this article first (the prior's count)
    last_seen: dt.datetime
    weight: float  # sessions discounted by age (half-life HALF_LIFE_DAYS)

    def sort_key(self) -> tuple:
        return (-self.sessions, -self.weight, -self.last_seen.timestamp(), self.key,
                self.article)


@dataclass(frozen=True)
class Learning:
    """The learned table, and what was left out."""

    items: tuple[Learned, ...]  # in the total order
    filtered: int  # distinct wordings dropped as personal data
    below: int  # (wording, article) pairs with evidence, under the session threshold
    covered: int  # pairs over it whose wording the article's title or questions already ask
    min_sessions: int

    def by_article(self) -> list[tuple[str, list[Learned]]]:
        """(article id, its learned wordings), articles in the order of their best wording."""
        grouped: dict[str, list[Learned]] = {}
        for item in self.items:
            grouped.setdefault(item.article, []).append(item)
        return list(grouped.items())

    def table(self) -> dict[str, tuple[str, ...]]:
        """Wording key → article ids for the ranking prior: only organic sessions count (a
        click on the hit search showed first says nothing a promotion did not cause), at
        least `min_sessions` of them, most first."""
        found: dict[str, list[str]] = {}
        for item in sorted(self.items, key=lambda i: (-i.organic, i.sort_key())):
            if item.organic >= self.min_sessions:
                found.setdefault(item.key, []).append(item.article)
        return {key: tuple(ids) for key, ids in found.items()}


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _session_clicks(rows: Sequence[tuple]) -> list[tuple[str, str, dt.datetime, bool]]:
    """(query, article, when, organic) for each search of one session answered by a click;
    organic: the search did not show that article first (the customer passed another hit
    or found it elsewhere), so the click says more than the position."""
    found: list[tuple[int, str, str, dt.datetime, bool]] = []
    last: tuple[int, dt.datetime, str, str | None] | None = None  # the latest search
    last_end = -1
    downs: dict[str, int] = {}
    for position, (_, when, _, kind, article, query, helpful, source, hits) in enumerate(rows):
        if kind == "search":
            last = (position, when, query, (hits or "").split(" ")[0]) if query else None
        elif kind == "search_click" and query and article:
            found.append((position, query, article, when, True))
        elif kind in _ENDS:
            last_end = position
        elif kind == "vote" and article and helpful == 0:
            downs[article] = position
        elif (article and last is not None and when - last[1] <= WINDOW
              and (kind == "article_view" and source != "agent"
                   or kind == "vote" and helpful == 1)):
            found.append((last[0], last[2], article, when, article != last[3]))
    # A hand-off after the search, or a 👎 on the article after it: the click did not answer.
    return [(query, article, _aware(when), organic)
            for position, query, article, when, organic in found
            if last_end < position and downs.get(article, -1) < position]


def _read(engine: Engine, since: dt.datetime) -> list[list[tuple]]:
    """Each searching session's events since `since`, in the order they happened (read at
    once: the store is not held while wordings are analysed)."""
    searched = (select(events.c.session).where(
        events.c.type.in_(("search", "search_click")), events.c.ts >= since,
        events.c.session.is_not(None)).distinct())
    query = (select(events.c.session, events.c.ts, events.c.id, events.c.type, events.c.article,
                    events.c.query, events.c.helpful, events.c.source, events.c.hits)
             .where(events.c.type.in_(_KINDS), events.c.ts >= since,
                    events.c.session.in_(searched))
             .order_by(events.c.session, events.c.ts, events.c.id))
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(query)]
    return [list(group) for _, group in groupby(rows, key=lambda row: row[0])]


def learn(engine: Engine, *, min_sessions: int = MIN_SESSIONS, days: int = DAYS,
          known: Mapping[str, Sequence[str]] | None = None,
          now: dt.datetime | None = None) -> Learning:
    """What customers' wordings ask, per article, from the last `days` days of events.

    `known` (article id → its title and questions), when given, keeps only those articles
    and skips wordings whose key one of their phrasings already has."""
    now = _aware(now or dt.datetime.now(dt.UTC))
    # key → article → session → (latest evidence, the wording typed, organic)
    evidence: dict[str, dict[str, dict[str, tuple[dt.datetime, str, bool]]]] = defaultdict(
        lambda: defaultdict(dict))
    personal: set[str] = set()
    for rows in _read(engine, now - dt.timedelta(days=days)):
        session = rows[0][0]
        for query, article, when, organic in _session_clicks(rows):
            if known is not None and article not in known:
                continue
            if looks_personal(query):
                personal.add(query)
                continue
            key = normalize(query)
            if not key:
                continue
            seen = evidence[key][article].get(session)
            if seen is not None:
                organic = organic or seen[2]
                when, query = max((when, query), seen[:2])
            evidence[key][article][session] = (when, query, organic)
    covered = {article: {normalize(p) for p in phrasings}
               for article, phrasings in (known or {}).items()}
    items, below, already = [], 0, 0
    for key, articles in evidence.items():
        for article, sessions in articles.items():
            if len(sessions) < min_sessions:
                below += 1
            elif key in covered.get(article, ()):
                already += 1
            else:
                items.append(_learned(key, article, sessions, now))
    items.sort(key=Learned.sort_key)
    return Learning(tuple(items), len(personal), below, already, min_sessions)


def _learned(key: str, article: str, sessions: Mapping[str, tuple[dt.datetime, str, bool]],
             now: dt.datetime) -> Learned:
    ages = sorted(max(0.0, (now - when).total_seconds() / 86400)
                  for when, _, _ in sessions.values())
    # Summed in a fixed order: floating-point sums depend on order, the table must not.
    weight = round(sum(0.5 ** (age / HALF_LIFE_DAYS) for age in ages), 6)
    typed = Counter(text for _, text, _ in sessions.values())
    latest: dict[str, dt.datetime] = {}
    for when, text, _ in sessions.values():
        latest[text] = max(when, latest.get(text, when))
    wording = min(typed, key=lambda text: (-typed[text], -latest[text].timestamp(), text))
    return Learned(key, article, wording, len(sessions),
                   sum(organic for _, _, organic in sessions.values()),
                   max(when for when, _, _ in sessions.values()), weight)


# --- writing learned wordings into an article's front matter ---


class FrontMatterError(ValueError):
    """The file's `questions:` cannot be edited safely (the reason is the message)."""


_FENCE = re.compile(r"^---[ \t]*\r?$")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _item(text: str, flow: bool = False) -> str:
    """`text` as a YAML list item: plain when it reads back the same, else double-quoted."""
    plain = f"[{text}]" if flow else f"- {text}"
    try:
        if text == text.strip() and yaml.safe_load(plain) == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _entry_end(lines: list[str], start: int, end: int) -> int:
    """The line after the last content line of the top-level entry starting at `start`."""
    stop = next((i for i in range(start + 1, end) if _TOP_KEY.match(lines[i])), end)
    while stop - 1 > start and (not lines[stop - 1].strip()
                                or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    return stop


def _edit(lines: list[str], end: int, new: list[str], nl: str) -> None:
    """Add `new` to the `questions:` entry of the front matter `lines[1:end]`, in place."""
    at = next((i for i in range(1, end) if re.match(r"questions[ \t]*:", lines[i])), None)
    if at is None:  # no key yet: after `summary:` (the documented order), else at the end
        summary = next((i for i in range(1, end) if re.match(r"summary[ \t]*:", lines[i])), None)
        where = _entry_end(lines, summary, end) if summary is not None else end
        lines[where:where] = [f"questions:{nl}", *(f"  - {_item(q)}{nl}" for q in new)]
        return
    value = re.sub(r"(^|\s)#.*$", "", lines[at].split(":", 1)[1]).strip()
    if value in ("", "~", "null", "[]"):
        stop = _entry_end(lines, at, end)
        items = [line for line in lines[at + 1:stop] if re.match(r"^\s*- ", line)]
        indent = re.match(r"^(\s*)-", items[0]).group(1) if items else "  "
        block = [f"{indent}- {_item(q)}{nl}" for q in new]
        if value:  # `questions: []` or null: the key's line becomes a block's head
            lines[at] = f"questions:{nl}"
        lines[stop:stop] = block
    elif value.startswith("[") and value.endswith("]"):
        close = lines[at].rindex("]")
        added = ", ".join(_item(q, flow=True) for q in new)
        lines[at] = lines[at][:close] + ", " + added + lines[at][close:]
    else:
        raise FrontMatterError(f"questions: {value[:40]}")


def _mapping(lines: list[str], end: int) -> object:
    try:
        return yaml.safe_load("".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"YAML: {str(exc).splitlines()[0]}") from exc


def add_questions(file: Path, wordings: Sequence[str]) -> list[str]:
    """Append `wordings` not already there to the article's `questions:` list, keeping every
    other byte of the file; the wordings added (none: the file is untouched)."""
    raw = file.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\n")):
        raise FrontMatterError("no front matter")
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\n"))), None)
    if end is None:
        raise FrontMatterError("front matter not closed")
    nl = "\r\n" if lines[0].endswith("\r\n") else "\n"
    before = _mapping(lines, end) or {}
    if not isinstance(before, dict):
        raise FrontMatterError("front matter is not a mapping")
    old = before.get("questions") or []
    if not isinstance(old, list):
        raise FrontMatterError("questions is not a list")
    have = {" ".join(str(q).split()) for q in old}
    new = []
    for wording in wordings:
        wording = " ".join(wording.split())
        if wording and wording not in have:
            new.append(wording)
            have.add(wording)
    if not new:
        return []
    _edit(lines, end, new, nl)
    end = next(i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\n")))
    after = _mapping(lines, end)
    # The edit must change the questions and nothing else, or the file is left alone.
    if (not isinstance(after, dict) or after.get("questions") != [*old, *new]
            or {k: v for k, v in after.items() if k != "questions"}
            != {k: v for k, v in before.items() if k != "questions"}):
        raise FrontMatterError("the edit would change more than questions")
    file.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8"))
    return new
