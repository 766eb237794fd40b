"""What customers ask, grouped into questions, in three lanes: the write-next queue.

For one calendar period (`kb.insights.calendar`): every ask — a search, a 👎 comment, a
consultation-sheet row — is counted in exactly one question group (`kb.insights.groups`),
so the groups add up to the period's asks. Each group has a lane:

- `write`: no article answers it;
- `improve`: an article answers it, yet customers keep asking (how many found it — a click,
  view or 👍 in the same session — and how many handed off);
- `task`: it is linked to an improvement task (the set of linked keys is handed in).

Groups rank by uncovered demand, count × (1 − coverage), then count, then key: a total order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, and_, case, func, or_, select

from kb.core.catalogue import Text, t
from kb.db import events, inquiries
from kb.insights.calendar import Period
from kb.insights.groups import Resolver, assign_new, rescan

LANES = ("write", "improve", "task")
# Where an ask came from (the keys of `Gap.sources`) → its words in the catalogue.
SOURCE_CODES = {"search": "source_search", "failed search": "source_failed_search",
                "handoff": "source_handoff", "👎 comment": "source_comment",
                "sheet": "source_sheet"}


def source_label(source: str) -> Text:
    """An ask's source in words (`sheet` → 상담 시트 / sheet)."""
    return t(SOURCE_CODES[source]) if source in SOURCE_CODES else Text(source, source)


def _top(counter: Counter, n: int | None = None) -> list[tuple[str, int]]:
    """Most counted first, ties alphabetical (Counter.most_common keeps insertion order)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass
class Gap:
    key: str  # the group's stable key
    question: str = ""  # its most asked wording
    count: int = 0
    previous: int = 0
    covered: int = 0  # asks after which the asker found an article
    handoffs: int = 0  # asks after which the asker handed off to a person
    lane: str = "write"
    article: str | None = None
    sources: Counter = field(default_factory=Counter)
    phrasings: Counter = field(default_factory=Counter)  # every wording exactly as asked
    reasons: dict[str, str] = field(default_factory=dict)  # wording → why it is here

    @property
    def coverage(self) -> float:
        return self.covered / self.count if self.count else 0.0

    @property
    def score(self) -> float:
        return self.count * (1 - self.coverage)

    @property
    def trend(self) -> int:
        return self.count - self.previous

    @property
    def examples(self) -> list[str]:
        return [text for text, _ in _top(self.phrasings, 5)]

    @property
    def ranked_phrasings(self) -> list[tuple[str, int]]:
        """Every wording with its count, most asked first, ties alphabetical."""
        return _top(self.phrasings)

    @property
    def ranked_sources(self) -> list[tuple[str, int]]:
        return _top(self.sources)

    @property
    def best_article(self) -> str | None:  # the name templates and reports used
        return self.article

    def sources_text(self, lang: str) -> str:
        """`sheet 3, search 1` (or its Korean), most frequent first."""
        return ", ".join(f"{source_label(k).get(lang)} {v}" for k, v in _top(self.sources))

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "question": self.question, "count": self.count,
                "previous": self.previous, "trend": self.trend, "lane": self.lane,
                "article": self.article, "coverage": round(self.coverage, 3),
                "found": self.covered, "handoffs": self.handoffs,
                "score": round(self.score, 2),
                "phrasings": [{"text": k, "count": v} for k, v in _top(self.phrasings)],
                "sources": dict(_top(self.sources)), "examples": self.examples}


@dataclass(frozen=True)
class Ask:
    norm: str
    text: str
    source: str  # search | failed search | handoff | 👎 comment | sheet
    covered: bool
    current: bool  # in this period (else the previous one, for the trend)
    n: int = 1  # how many identical asks this row stands for


def asks(engine: Engine, period: Period) -> list[Ask]:
    """Asks of `period` and the one before, aggregated in SQL: one row per (key, wording,
    source, covered, which period)."""
    start, middle, end = period.previous().start_at, period.start_at, period.end_at
    window = (events.c.ts >= start) & (events.c.ts < end)
    # What else each asker's session did in the two periods: one pass over those events,
    # grouped by session, joined to the searches (not one EXISTS probe per search).
    handed_kind = case((events.c.type.in_(("handoff", "contact")), 1), else_=0)
    positive_kind = case((or_(events.c.type.in_(("search_click", "article_view")),
                              and_(events.c.type == "vote", events.c.helpful == 1)), 1), else_=0)
    outcome = select(events.c.session, func.max(handed_kind).label("handed"),
                     func.max(positive_kind).label("positive")).where(
        window, events.c.session.is_not(None),
        events.c.type.in_(("handoff", "contact", "search_click", "article_view", "vote")),
    ).group_by(events.c.session).subquery()
    searched = events.alias("searched")
    failed = case((or_(searched.c.hits.is_(None), searched.c.hits == ""), 1), else_=0)
    cur = case((searched.c.ts >= middle, 1), else_=0)
    handed = func.coalesce(outcome.c.handed, 0)
    kept = 1 - handed  # asks not handed off: failed or not, found or not
    positive = func.coalesce(outcome.c.positive, 0)
    joined = searched.outerjoin(outcome, outcome.c.session == searched.c.session)
    # One row per (key, wording, period) with the counts of each kind of ask in it.
    search_rows = select(
        searched.c.norm, searched.c.query, cur.label("cur"),
        func.sum(handed).label("handed"),
        func.sum(kept * failed).label("failed"),
        func.sum(kept * failed * positive).label("failed_found"),
        func.sum(kept * (1 - failed)).label("plain"),
        func.sum(kept * (1 - failed) * positive).label("plain_found"),
    ).select_from(joined).where(
        searched.c.ts >= start, searched.c.ts < end, searched.c.type == "search",
        searched.c.norm.is_not(None)).group_by(searched.c.norm, searched.c.query, cur)
    with engine.connect() as conn:
        searches = conn.execute(search_rows).all()
        cur = case((events.c.ts >= middle, 1), else_=0).label("cur")
        downvotes = conn.execute(
            select(events.c.norm, events.c.comment, cur, func.count().label("n"))
            .where(window, events.c.type == "vote", events.c.helpful == 0,
                   events.c.norm.is_not(None), events.c.comment.is_not(None))
            .group_by(events.c.norm, events.c.comment, cur)).all()
        sheet_cur = case((inquiries.c.ts >= middle, 1), else_=0).label("cur")
        sheet = conn.execute(
            select(inquiries.c.norm, inquiries.c.question, sheet_cur, func.count().label("n"))
            .where(inquiries.c.ts >= start, inquiries.c.ts < end, inquiries.c.norm.is_not(None))
            .group_by(inquiries.c.norm, inquiries.c.question, sheet_cur)).all()
    out = []
    for r in searches:
        current = bool(r.cur)
        for source, covered, n in (("handoff", False, r.handed),
                                   ("failed search", True, r.failed_found),
                                   ("failed search", False, r.failed - r.failed_found),
                                   ("search", True, r.plain_found),
                                   ("search", False, r.plain - r.plain_found)):
            if n:
                out.append(Ask(r.norm, r.query, source, covered, current, int(n)))
    out += [Ask(r.norm, r.comment, "👎 comment", False, bool(r.cur), r.n) for r in downvotes]
    out += [Ask(r.norm, r.question, "sheet", False, bool(r.cur), r.n) for r in sheet]
    return out


def gaps(engine: Engine, period: Period, *, matcher: Callable[[str], str | None] | None = None,
         synonyms: Sequence[Sequence[str]] = (), tasks: Collection[str] = (),
         lane: str | None = None, limit: int | None = None) -> list[Gap]:
    """Every question group asked in `period`, ranked, with lane, article and phrasings."""
    assign_new(engine, synonyms=synonyms, matcher=matcher)
    resolver = Resolver(engine)
    found_asks = asks(engine, period)
    keyed = [(resolver.group(a.norm, a.text), a) for a in found_asks]
    if any(key is None for key, _ in keyed):
        # An ask key the incremental look missed (a row that committed late): look again.
        rescan(engine)
        assign_new(engine, synonyms=synonyms, matcher=matcher)
        resolver = Resolver(engine)
        keyed = [(resolver.group(a.norm, a.text), a) for a in found_asks]
    groups: dict[str, Gap] = {}
    for key, ask in keyed:
        if key is None:  # recorded after the look above: counted next time
            continue
        gap = groups.setdefault(key, Gap(key=key))
        if not ask.current:
            gap.previous += ask.n
            continue
        gap.count += ask.n
        gap.covered += ask.n if ask.covered else 0
        gap.handoffs += ask.n if ask.source == "handoff" else 0
        gap.sources[ask.source] += ask.n
        gap.phrasings[ask.text] += ask.n
        gap.reasons.setdefault(ask.text, resolver.reason(ask.norm, ask.text))
    found = [g for g in groups.values() if g.count]
    tasks = {resolver.final(key) for key in tasks}  # a linked group may have been merged since
    for gap in found:
        gap.question = _top(gap.phrasings, 1)[0][0]
        gap.article = matcher(gap.question) if matcher is not None else None
        gap.lane = "task" if gap.key in tasks else ("improve" if gap.article else "write")
    ranked = sorted((g for g in found if lane is None or g.lane == lane),
                    key=lambda g: (-g.score, -g.count, g.key))
    return ranked[:limit] if limit is not None else ranked


def find(engine: Engine, period: Period, key: str, **kwargs: object) -> Gap | None:
    """The group `key` as asked in `period` (None if it was not asked then)."""
    return next((g for g in gaps(engine, period, **kwargs) if g.key == key), None)
