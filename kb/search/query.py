"""Search over the index: customer text in, ranked hits with safe snippets out.

The only way in for callers: `SearchIndex(root).search(q)`, `.autocomplete(q)`,
`.did_you_mean(q)`. Whoosh stays inside the `kb.search` room.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.scoring import BM25F

from kb.search.expand import Typos, synonyms
from kb.search.index import IndexMissing, current_folder, read_meta
from kb.text import analysis, jamo

MAX_QUERY = 200  # characters; longer text is cut, not refused
MAX_TERMS = 24  # morpheme terms per query (bigrams: twice that)
MAX_LIMIT = 100
CLEAR_MARGIN = 1.3  # a top hit this much above the second clearly answers (`answer`)
# Below this `Hit.confidence` a channel says it is not sure instead of answering (the widget;
# later every channel). Calibrated on the sample, see `confidence` and tests/test_confidence.py.
CONFIDENT = 0.6

# Field weights: what the customer's words matching there says about relevance.
MORPH_FIELDS = {"head": 3.0, "about": 1.5, "body": 1.0}
BIGRAM_FIELDS = {"head_bi": 1.2}
SYNONYM_BOOST = 0.7
BIGRAM_MAX_DF = 0.05  # share of articles above which a bigram is skipped
# Words in more than this share of articles' field are skipped there: their idf is near
# zero, yet they cost the most postings (a question's "신청" in 80 % of bodies).
MAX_DF = {"head": 0.5, "about": 0.25, "body": 0.25}
TYPO_BOOST = 0.6


class _ArrayOr(wq.Or):
    """OR that preloads matches into an array: faster than Whoosh's binary tree of union
    matchers once a query has dozens of terms (long questions, many fields)."""

    matcher_type = wq.Or.ARRAY_MATCHER


ARRAY_FROM = 24  # clauses; below this the tree's block-max skipping wins (measured)


def _or(clauses: list[wq.Query]) -> wq.Query:
    return (_ArrayOr if len(clauses) >= ARRAY_FROM else wq.Or)(clauses)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str
    url: str


def clean_query(text: str) -> str:
    """The text as searched: normalized, control characters gone, cut to MAX_QUERY."""
    return " ".join(analysis.normalize(text).split())[:MAX_QUERY]


class _View:
    """One opened version of the index with what queries need (per thread)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ix = windex.open_dir(str(folder))
        self.searcher = self.ix.searcher(weighting=BM25F(B=0.75, K1=1.2))
        meta = read_meta(folder)
        self.synonyms = synonyms(tuple(tuple(g) for g in meta["synonyms"]))
        reader = self.searcher.reader()
        vocab = {t.decode("utf-8") for t in reader.lexicon("head")}
        self.typos = Typos(vocab)
        # Every word the index knows, in any field: a word found here is never a typo.
        self.words = vocab | {t.decode("utf-8") for f in ("about", "body")
                              for t in reader.lexicon(f)}
        self.titles = [(f["id"], f["title"], f.get("questions_list") or [], f["lang"])
                       for f in self.searcher.all_stored_fields()]

    def refresh(self) -> None:
        if not self.searcher.up_to_date():
            self.searcher = self.searcher.refresh()
            self.__init_titles()

    def __init_titles(self) -> None:
        self.titles = [(f["id"], f["title"], f.get("questions_list") or [], f["lang"])
                       for f in self.searcher.all_stored_fields()]

    def close(self) -> None:
        self.searcher.close()


class SearchIndex:
    """Searches the live index under `root`, following rebuilds and updates."""

    def __init__(self, root: Path, check_every: float = 1.0) -> None:
        self.root = Path(root)
        self.check_every = check_every
        self._local = threading.local()
        self._generation = 0

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
            new = _View(folder)
            if view is not None:
                view.close()
            self._local.view = view = new
        else:
            view.refresh()
        return view

    def query(self, text: str) -> tuple[wq.Query | None, list[str]]:
        """The Whoosh query for customer text, and the words to highlight."""
        return self._query(self._view(), text)

    def _query(self, view: _View, text: str) -> tuple[wq.Query | None, list[str]]:
        """Terms absent from a field are left out, and so are syllable bigrams found in
        more than BIGRAM_MAX_DF of the articles: they cost the most postings and say the
        least (their idf is near zero)."""
        reader = view.searcher.reader()
        total = max(reader.doc_count(), 1)
        text = clean_query(text)
        morphs = list(dict.fromkeys(t.text for t in analysis.morphemes(text)))[:MAX_TERMS]
        grams = list(dict.fromkeys(t.text for t in analysis.bigrams(text)))[:MAX_TERMS * 2]
        weighted: dict[tuple[str, str], float] = {}

        def add(fields: dict[str, float], term: str, factor: float = 1.0,
                max_df: float | None = None) -> None:
            for field, weight in fields.items():
                df = reader.doc_frequency(field, term)
                limit = max_df if max_df is not None else MAX_DF.get(field, 1.0)
                if df and df <= max(limit * total, 20):
                    key = (field, term)
                    weighted[key] = max(weighted.get(key, 0.0), weight * factor)

        marks = list(morphs)
        for term in morphs:
            add(MORPH_FIELDS, term)
        for _, fix in _typos(view, text)[:MAX_TERMS]:
            add(MORPH_FIELDS, fix, TYPO_BOOST)
            marks.append(fix)
        for term in grams:
            add(BIGRAM_FIELDS, term, max_df=BIGRAM_MAX_DF)
        # Bodies are indexed by rule-cut words (kb.analysis.light_terms): look for the
        # query's words cut the same way, e.g. a compound Kiwi splits (블랙프라이데이).
        for term in dict.fromkeys(t.text for t in analysis.light_terms(text)):
            if term not in morphs:
                add({"body": MORPH_FIELDS["body"]}, term)
                marks.append(term)
        for term in view.synonyms.expand(text, set(morphs))[:MAX_TERMS]:
            add(MORPH_FIELDS, term, SYNONYM_BOOST)
            marks.append(term)
        if not weighted:
            return None, marks
        clauses = [wq.Term(f, t, boost=w) for (f, t), w in weighted.items()]
        return _or(clauses), marks

    def count(self) -> int:
        """How many articles the live index holds; opening it raises if it cannot."""
        return self._view().searcher.doc_count()

    def search(self, text: str, limit: int = 10, lang: str | None = None) -> list[Hit]:
        """Ranked hits for customer text (never query syntax); [] for empty text."""
        limit = max(1, min(limit, MAX_LIMIT))
        view = self._view()  # once per search: the query and the search use the same version
        q, marks = self._query(view, text)
        if q is None:
            return []
        lang_filter = wq.Term("lang", lang) if lang else None
        # Matched terms (for `confidence`) need the tree matcher: the array one drops them.
        plain = wq.Or(q.subqueries) if isinstance(q, _ArrayOr) else q
        results = view.searcher.search(plain, limit=limit, filter=lang_filter, terms=True)
        words = _query_words(view, text)
        scores = [r.score for r in results]
        hits = []
        for i, r in enumerate(results):
            matched = {t.decode("utf-8") for _, t in r.matched_terms()}
            hits.append(Hit(
                id=r["id"], title=r["title"], url=f"/articles/{r['id']}",
                summary=r.get("summary", ""), snippet=snippet(r.get("text", "") or
                                                              r.get("summary", ""), marks),
                score=round(r.score, 4), category=r.get("category", ""),
                lang=r.get("lang", ""),
                confidence=confidence(words, matched, scores[i:i + 2] if i == 0 else [])))
        return hits

    def answer(self, text: str, lang: str | None = None) -> Hit | None:
        """The article that clearly answers `text`: the top hit, when it stands out.

        Clearly means no second hit, or a top score at least `CLEAR_MARGIN` times the
        second's (question grouping uses this; it is not yet the widget's confidence).
        """
        hits = self.search(text, limit=2, lang=lang)
        if not hits:
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
        for aid, title, questions, article_lang in self._view().titles:
            if lang and article_lang != lang:
                continue
            best = None
            for rank, phrase in enumerate([title, *questions]):
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
        suggestion = text
        for typo, fix in _typos(self._view(), text):
            suggestion = suggestion.replace(typo, fix, 1)
        return suggestion if suggestion != text and self.search(suggestion, 1) else None


def _known(view: _View, word: str) -> bool:
    """A word the index or the dictionary knows: in some field, one Kiwi morpheme
    (소리 is a word, not a typo of 수리), or a compound of indexed words (배송조회)."""
    if word in view.words:
        return True
    parts = [t.text for t in analysis.morphemes(word)]
    return parts == [word] or (len(parts) > 1 and all(p in view.words for p in parts))


def _typos(view: _View, text: str) -> list[tuple[str, str]]:
    """(typo, fix) pairs for the words of `text` the index and the dictionary do not know."""
    return [(typo, fix) for typo, fix in view.typos.in_text(text) if not _known(view, typo)]


def _query_words(view: _View, text: str) -> dict[str, set[str]]:
    """The query's content words, each with the terms that count as finding it: itself,
    its synonyms and, for a typo, its corrections. One-syllable endings (오, 하) are left
    out unless nothing else is left."""
    text = clean_query(text)
    morphs = list(dict.fromkeys(t.text for t in analysis.morphemes(text)))[:MAX_TERMS]
    words = [m for m in morphs if len(m) > 1] or morphs
    out = {w: {w, *view.synonyms.expand(w, {w})} for w in words}
    for typo, fix in _typos(view, text):
        pieces = {t.text for t in analysis.morphemes(typo)}  # Kiwi's split of 환뷸: 환, 뷰
        for w in [w for w in out if w in pieces or w in typo]:
            del out[w]
        out.setdefault(typo, {typo}).add(fix)
    return out


def confidence(words: dict[str, set[str]], matched: set[str], scores: Sequence[float]
               ) -> float:
    """How sure a hit answers the query, 0..1: coverage × (½ + ½ clarity).

    Coverage is the share of the query's content words the hit matched (directly, by a
    synonym or a typo's correction; a body match of a word's pieces counts, e.g. 배송조회 →
    배송, 조회). Clarity says the hit stands out: 1 when it is the top hit with no second or
    a score `CLEAR_MARGIN` × the second's, falling linearly to 0 at a tie; hits below the top
    have clarity 0. So an off-topic query that matches one of two words ("냉장고 소리")
    stays at or under 0.5, below `CONFIDENT`. Calibration: tests/test_confidence.py asks
    that nearly every customer question in the sample content clears `CONFIDENT` for its
    article while off-topic and half-matching questions do not.
    """
    if not words:
        return 0.0
    found = sum(1 for forms in words.values() if forms & matched
                or any(t.text in matched for w in forms for t in analysis.light_terms(w)))
    coverage = found / len(words)
    if not scores:
        clarity = 0.0
    elif len(scores) == 1 or scores[1] <= 0:
        clarity = 1.0
    else:
        clarity = min(1.0, max(0.0, (scores[0] / scores[1] - 1) / (CLEAR_MARGIN - 1)))
    return round(coverage * (0.5 + 0.5 * clarity), 3)


def snippet(text: str, marks: Sequence[str], width: int = 120) -> str:
    """A window of `text` around the most matched words, escaped, matches in <mark>."""
    words = sorted({m for m in marks if len(m) > 1}, key=len, reverse=True)
    if not text:
        return ""
    pattern = (re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
               if words else None)
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    start = 0
    if spans:
        best = max(spans, key=lambda s: sum(1 for o in spans if s[0] <= o[0] < s[0] + width))
        start = max(0, min(best[0] - 20, len(text) - width))
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
