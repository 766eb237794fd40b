"""From customer text to weighted index terms: what a query looks for, and how sure a hit is.

A query is analysed once per index version (`plan`, cached in `IndexVersion.plans`): its
Kiwi morphemes and syllables, typo fixes from the title/question vocabulary, synonyms
from the lexicon, each given the weight of the field it is looked for in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kb.search.scoring import Clause
from kb.search.version import IndexVersion
from kb.text import analysis

MAX_QUERY = 200  # characters; longer text is cut, not refused
MAX_TERMS = 24  # morpheme terms per query (syllables: four times that)
CLEAR_MARGIN = 1.3  # a top hit this much above the second clearly answers (`answer`)

# Field weights: what the customer's words matching there says about relevance. Each part
# of an article is indexed as morphemes and as syllables; a syllable match weighs
# SYLLABLE_SHARE of a morpheme match in the same part (tuned on the public sets'
# train/validation/dev splits: see benchmarks/README.md).
PARTS = {"head": 3.0, "about": 1.5, "body": 1.0}
SYLLABLE_SHARE = 0.67
MORPH_FIELDS = dict(PARTS)
SYLLABLE_FIELDS = {f"{part}_bi": weight * SYLLABLE_SHARE for part, weight in PARTS.items()}
SYNONYM_BOOST = 0.7
TYPO_BOOST = 0.6
# Syllables in more than this share of a field's articles are skipped there: their idf is
# near zero and they only add noise (세요, 니다 in bodies). Morphemes are never skipped:
# scoring a common word is now one array addition (format 2 skipped them for speed).
SYLLABLE_MAX_DF = 0.25
MORPH_MAX_DF = 1.0


def clean_query(text: str) -> str:
    """The text as searched: normalized, control characters gone, cut to MAX_QUERY."""
    return " ".join(analysis.normalize(text).split())[:MAX_QUERY]


@dataclass(frozen=True)
class Plan:
    clauses: tuple[Clause, ...]  # (field, term, weight), in a fixed order
    marks: tuple[str, ...]  # words to highlight in snippets
    words: dict[str, frozenset[str]]  # content word → the terms that count as finding it
    fixes: tuple[tuple[str, str], ...]  # (typo, fix) pairs, for did-you-mean
    counted: tuple[tuple[int, str, str], ...] = ()  # (word number, field, term): `coverage`


@lru_cache(maxsize=4096)
def _analysed(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The query's morphemes, syllables and telling words (Kiwi once per text)."""
    found, telling = analysis.morphemes_and_determiners(text)
    morphs = tuple(dict.fromkeys(t.text for t in found))[:MAX_TERMS]
    grams = tuple(dict.fromkeys(t.text for t in analysis.syllables(text)))[:MAX_TERMS * 4]
    return morphs, grams, tuple(telling)[:MAX_TERMS]


def plan(version: IndexVersion, reader: object, text: str) -> Plan:
    """What `text` looks for in this version of the index (cached per version)."""
    text = clean_query(text)
    found = version.plans.get(text)
    if found is not None:
        return found
    morphs, grams, telling = _analysed(text)
    weighted: dict[tuple[str, str], float] = {}

    def add(kind: str, term: str, factor: float = 1.0, max_df: float = 1.0) -> None:
        for field, weight in _fields(version, reader, kind, term, max_df):
            key = (field, term)
            weighted[key] = max(weighted.get(key, 0.0), weight * factor)

    marks = list(morphs)
    for term in morphs:
        add("morph", term, max_df=MORPH_MAX_DF)
    fixes = tuple(typos(version, text))
    for _, fix in fixes[:MAX_TERMS]:
        add("morph", fix, TYPO_BOOST)
        marks.append(fix)
    for term in grams:
        add("syllable", term, max_df=SYLLABLE_MAX_DF)
    for term in version.synonyms.expand(text, set(morphs))[:MAX_TERMS]:
        add("morph", term, SYNONYM_BOOST)
        marks.append(term)
    words = _query_words(version, morphs, fixes, telling)
    counted = [(n, f, t) for n, forms in enumerate(words.values())
               for f, t in weighted if t in forms]
    # A telling determiner (다른, 두) counts toward coverage, found as its syllables in any
    # part of the article, however common: not searched for, only asked of the hits.
    for word in telling:
        if word not in words and word not in morphs:
            forms = words[word] = frozenset(t.text for t in analysis.syllables(word))
            counted += [(len(words) - 1, f, t) for t in sorted(forms)
                        for f, _ in _fields(version, reader, "syllable", t, 1.0)]
    result = Plan(tuple((f, t, w) for (f, t), w in weighted.items()), tuple(marks), words,
                  fixes, tuple(counted))
    version.remember(text, result)
    return result


def _fields(version: IndexVersion, reader: object, kind: str, term: str, max_df: float
            ) -> tuple[tuple[str, float], ...]:
    """The fields of a kind (morph, syllable) where `term` is worth looking for, with their
    weights: present, and in at most `max_df` of the articles (or 20). Remembered per
    version: the same words come back in query after query."""
    key = (kind, term, max_df)
    found = version.fields.get(key)
    if found is None:
        postings, cap = version.postings, max(max_df * version.postings.count, 20)
        fields = MORPH_FIELDS if kind == "morph" else SYLLABLE_FIELDS
        found = tuple((f, w) for f, w in fields.items()
                      if 0 < postings.df(reader, f, term) <= cap)
        version.remember_fields(key, found)
    return found


def _known(version: IndexVersion, word: str) -> bool:
    """A word the index or the dictionary knows: in some field, one Kiwi morpheme
    (소리 is a word, not a typo of 수리), or a compound of indexed words (배송조회)."""
    if word in version.words:
        return True
    parts = [t.text for t in analysis.word_morphemes(word)]
    return parts == [word] or (len(parts) > 1 and all(p in version.words for p in parts))


def typos(version: IndexVersion, text: str) -> list[tuple[str, str]]:
    """(typo, fix) pairs for the words of `text` the index and the dictionary do not know."""
    return [(typo, fix) for typo, fix in version.typos.in_text(text)
            if not _known(version, typo)]


def _query_words(version: IndexVersion, morphs: Sequence[str],
                 fixes: Sequence[tuple[str, str]], telling: Sequence[str] = ()
                 ) -> dict[str, frozenset[str]]:
    """The query's content words, each with the terms that count as finding it: itself,
    its synonyms and, for a typo, its corrections. One-syllable stems (오, 하) are left
    out unless nothing else is left; one-syllable nouns that tell (`telling`: 집, 돈) stay."""
    words = [m for m in morphs if len(m) > 1 or m in telling] or list(morphs)
    out = {w: {w, *version.synonyms.expand_word(w)} for w in words}
    for typo, fix in fixes:
        pieces = {t.text for t in analysis.word_morphemes(typo)}  # Kiwi's 환뷸: 환, 뷰
        for w in [w for w in out if w in pieces or w in typo]:
            del out[w]
        out.setdefault(typo, {typo}).add(fix)
    # A match of a word's rule-cut pieces counts too.
    return {w: frozenset(forms.union(*(_pieces(f) for f in forms))) for w, forms in out.items()}


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[str, ...]:
    return tuple(t.text for t in analysis.light_terms(word))


def coverage(version: IndexVersion, reader: object, docs: np.ndarray, plan: Plan
             ) -> np.ndarray:
    """For each of `docs`, the share of the query's content words it matched: directly, by
    a synonym or a typo's correction, in any field (a match of a word's rule-cut pieces
    counts, e.g. 배송조회 → 배송, 조회)."""
    if not plan.words:
        return np.zeros(len(docs))
    found = np.zeros((len(plan.words), len(docs)), bool)
    for word, field, term in plan.counted:
        found[word] |= version.postings.contains(reader, docs, field, term)
    return found.sum(axis=0) / len(plan.words)


def confidence(coverage: float, scores: Sequence[float]) -> float:
    """How sure a hit answers the query, 0..1: coverage × (½ + ½ clarity).

    Coverage is the share of the query's content words the hit matched (`coverage`).
    Clarity says the hit stands out: 1 when it is the top hit with no second or
    a score `CLEAR_MARGIN` × the second's, falling linearly to 0 at a tie; hits below the top
    have clarity 0. So an off-topic query that matches one of two words ("냉장고 소리")
    stays at or under 0.5, below `CONFIDENT`. Calibration: tests/test_confidence.py asks
    that nearly every customer question in the sample content clears `CONFIDENT` for its
    article while off-topic and half-matching questions do not.
    """
    if not scores:
        clarity = 0.0
    elif len(scores) == 1 or scores[1] <= 0:
        clarity = 1.0
    else:
        clarity = min(1.0, max(0.0, (scores[0] / scores[1] - 1) / (CLEAR_MARGIN - 1)))
    return round(float(coverage) * (0.5 + 0.5 * clarity), 3)


def highlighter(marks: Sequence[str]) -> tuple[str, ...]:
    """A query's words to mark in snippets: lowercase, longest first, 2+ characters."""
    return tuple(sorted({m.lower() for m in marks if len(m) > 1}, key=lambda w: (-len(w), w)))
