"""Search over the index: customer text in, ranked hits with safe snippets out.

The only way in for callers: `SearchIndex(root).search(q)`, `.autocomplete(q)`,
`.did_you_mean(q)`. Whoosh stays inside the `kb.search` room.
"""

from __future__ import annotations

import html
import re
import threading
import time
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as windex

from kb.search import terms
from kb.search.index import IndexMissing, current_folder
from kb.search.scoring import top
from kb.search.terms import CLEAR_MARGIN, MAX_QUERY, clean_query, confidence
from kb.search.version import IndexVersion, Versions
from kb.text import jamo

__all__ = ["CLEAR_MARGIN", "CONFIDENT", "MAX_LIMIT", "MAX_QUERY", "Hit", "SearchIndex",
           "Suggestion", "clean_query", "confidence", "snippet"]

MAX_LIMIT = 100
# Below this `Hit.confidence` a channel says it is not sure instead of answering (the widget;
# later every channel). Calibrated on the sample, see `confidence` and tests/test_confidence.py.
CONFIDENT = 0.6


@dataclass(frozen=True, init=False)
class Hit:
    id: str
    title: str
    url: str
    summary: str
    snippet: str  # HTML: matched terms in <mark>, everything else escaped
    score: float
    category: str
    lang: str
    confidence: float = 0.0  # 0..1, how sure we are this answers the text (`confidence`)

    def __init__(self, id: str, title: str, url: str, summary: str, snippet: str,  # noqa: A002
                 score: float, category: str, lang: str, confidence: float = 0.0) -> None:
        # One dict instead of a frozen dataclass's object.__setattr__ per field: 1 µs a
        # hit instead of 2.5, which at 100 hits was more than ranking them.
        object.__setattr__(self, "__dict__", {
            "id": id, "title": title, "url": url, "summary": summary, "snippet": snippet,
            "score": score, "category": category, "lang": lang, "confidence": confidence})


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str
    url: str


class _View:
    """One thread's open searcher on the live folder, and the version it reads."""

    def __init__(self, folder: Path, versions: Versions) -> None:
        self.folder = folder
        self.versions = versions
        self.ix = windex.open_dir(str(folder))
        self.searcher = self.ix.searcher()  # kept open: opening costs more than a query
        self.reader = self.searcher.reader()
        self.version: IndexVersion = versions.get(folder, self.reader)

    def refresh(self) -> None:
        if not self.searcher.up_to_date():
            # A new searcher, not `Searcher.refresh()`: whoosh-reloaded's refresh reuses
            # segment readers by segment id, so deletions committed to a segment it had
            # open stay invisible (an updated article would be found twice).
            old, self.searcher = self.searcher, self.ix.searcher()
            old.close()
            self.reader = self.searcher.reader()
            self.version = self.versions.get(self.folder, self.reader)

    def close(self) -> None:
        self.searcher.close()


class SearchIndex:
    """Searches the live index under `root`, following rebuilds and updates."""

    def __init__(self, root: Path, check_every: float = 1.0) -> None:
        self.root = Path(root)
        self.check_every = check_every
        self._local = threading.local()
        self._generation = 0
        self._versions = Versions()  # shared by this index's threads

    def changed(self) -> None:
        """Tell every thread to look for a new index version on its next search."""
        self._generation += 1

    def _view(self) -> _View:
        view: _View | None = getattr(self._local, "view", None)
        checked = getattr(self._local, "checked", 0.0)
        fresh = getattr(self._local, "generation", -1) == self._generation
        if view is not None and fresh and time.monotonic() - checked < self.check_every:
            return view
        self._local.checked = time.monotonic()
        self._local.generation = self._generation
        folder = current_folder(self.root)
        if folder is None:
            raise IndexMissing("index_missing", root=self.root)
        if view is None or view.folder != folder:
            new = _View(folder, self._versions)
            if view is not None:
                view.close()
            self._local.view = view = new
        else:
            view.refresh()
        return view

    def count(self) -> int:
        """How many articles the live index holds; opening it raises if it cannot."""
        return self._view().searcher.doc_count()

    def search(self, text: str, limit: int = 10, lang: str | None = None) -> list[Hit]:
        """Ranked hits for customer text (never query syntax); [] for empty text.

        Scores tie-break on article id, so the same query over the same content always
        gives the same list.
        """
        limit = max(1, min(limit, MAX_LIMIT))
        view = self._view()  # once per search: the query and the search use the same version
        version, reader = view.version, view.reader
        plan = terms.plan(version, reader, text)
        if not plan.clauses:
            return []
        scores = version.postings.scores(reader, plan.clauses)
        if lang:
            scores[~version.lang_mask(lang)] = 0.0
        docs = top(scores, limit, version.order)
        covered = terms.coverage(version, reader, docs, plan)
        ranked = scores[docs]
        found = [version.docs[d] for d in docs.tolist()]
        words = terms.highlighter(plan.marks)
        # The top hit's confidence weighs how it stands out; the others' is coverage × ½.
        sure = [confidence(covered[0], ranked[:2].tolist())] if len(docs) else []
        sure += np.round(covered[1:] * 0.5, 3).tolist()
        hits = []
        for doc, score, certainty in zip(found, np.round(ranked, 4).tolist(), sure, strict=True):
            hits.append(Hit(doc.id, doc.title, f"/articles/{doc.id}", doc.summary,
                            _snippet(doc.text or doc.summary, words)
                            if doc.text or doc.summary else "",
                            score, doc.category, doc.lang, certainty))
        return hits

    def answer(self, text: str, lang: str | None = None) -> Hit | None:
        """The article that clearly answers `text`: the top hit, when the widget would be sure
        of it (`confidence` ≥ `CONFIDENT`: it holds the question's words) and it stands out
        (no second hit, or a top score at least `CLEAR_MARGIN` times the second's).

        Question grouping and the dashboard's lanes use this: a question whose words no
        article holds (결제가 두 번 됐어요 beside 결제수단 변경) is one to write, not to improve.
        """
        hits = self.search(text, limit=2, lang=lang)
        if not hits:
            return None
        if hits[0].confidence < CONFIDENT:
            return None
        if len(hits) == 1 or hits[0].score >= CLEAR_MARGIN * hits[1].score:
            return hits[0]
        return None

    def autocomplete(self, text: str, limit: int = 8, lang: str | None = None
                     ) -> list[Suggestion]:
        """Titles (and customer questions) starting with the text, or matching its 초성."""
        text = clean_query(text).lower()
        if not text:
            return []
        chosung = jamo.is_chosung_query(text)
        key = text.replace(" ", "")
        ranked: list[tuple[int, str, str]] = []
        for doc in self._view().version.docs:
            if doc is None or lang and doc.lang != lang:
                continue
            aid, title, best = doc.id, doc.title, None
            for rank, phrase in enumerate([title, *doc.questions]):
                candidate = (jamo.chosung(phrase) if chosung else phrase).lower()
                squashed = candidate.replace(" ", "")
                if squashed.startswith(key):
                    score = 0 if rank == 0 else 1
                elif any(w.startswith(text) for w in candidate.split()) or key in squashed:
                    score = 2 if rank == 0 else 3
                else:
                    continue
                best = score if best is None else min(best, score)
            if best is not None:
                ranked.append((best, title, aid))
        ranked.sort()
        return [Suggestion(aid, title, f"/articles/{aid}") for _, title, aid in ranked[:limit]]

    def did_you_mean(self, text: str) -> str | None:
        """The query with typo-corrected words, when that finds something the original did not."""
        text = clean_query(text)
        view = self._view()
        suggestion = text
        for typo, fix in terms.plan(view.version, view.reader, text).fixes:
            suggestion = suggestion.replace(typo, fix, 1)
        return suggestion if suggestion != text and self.search(suggestion, 1) else None


def snippet(text: str, marks: Sequence[str], width: int = 120) -> str:
    """A window of `text` around the most matched words, escaped, matches in <mark>."""
    return _snippet(text, terms.highlighter(marks), width)


def _spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where `words` (lowercase, longest first) occur in `text`, ignoring case: leftmost
    first, the longest at each place, never overlapping (as a regex alternation would;
    str.find is several times faster over long bodies)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer (İ): use a regex
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    found = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = lowered.find(word, at + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    spans, end = [], 0
    for start, stop in found:
        if start >= end:
            spans.append((start, stop))
            end = stop
    return spans


def _snippet(text: str, words: Sequence[str], width: int = 120) -> str:
    if not text:
        return ""
    spans = _spans(text, words) if words else []
    start = 0
    if spans:
        # The window (from a match's start) holding the most matches, the first of equals:
        # matches are in order, so a bisection counts each window's matches.
        starts = [s for s, _ in spans]
        best = max(range(len(starts)), key=lambda i: bisect_left(starts, starts[i] + width) - i)
        start = max(0, min(starts[best] - 20, len(text) - width))
    end = min(len(text), start + width)
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix
